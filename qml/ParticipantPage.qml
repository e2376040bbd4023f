import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One participant: stage and contact details, career profile, and the timeline.
Page {
    id: page
    objectName: "participantPage"
    property alias recordId: detail.recordId
    title: detail.title
    signal pushRequested(string file, var props)
    signal openRecord(string entity, string recordId)
    signal gone(string message)

    DetailController {
        id: detail
        app: App
        entity: "participant"
        // Regression (December review): a participant moved away while open left a blank page
        // with live edit buttons. Now the page says so and goes back.
        onReloaded: if (!found && page.recordId !== "") page.gone(qsTr("Deltakeren finnes ikke lenger på telefonen. Hen kan være flyttet til et annet team."))
    }

    Flickable {
        id: flick
        anchors.fill: parent
        anchors.rightMargin: addButton.clearance
        contentHeight: column.implicitHeight + 88
        clip: true
        ScrollIndicator.vertical: ScrollIndicator { }

        ColumnLayout {
            id: column
            width: Math.min(flick.width, Theme.maxContentWidth)
            spacing: 0

            RecordSubtitle {
                subtitleName: "participantSubtitle"
                text: detail.subtitle
                recordTitle: detail.title
                onEditClicked: page.pushRequested("RecordEditPage.qml", { entity: "participant", recordId: page.recordId })
            }
            Repeater {
                model: detail.facts
                delegate: InfoRow { }
            }
            SectionHeading {
                visible: detail.profile.count > 0
                text: qsTr("Karriereprofil")
            }
            Repeater {
                model: detail.profile
                delegate: InfoRow { }
            }
            SectionHeading { text: qsTr("Tidslinje") }
            Repeater {
                objectName: "timeline"
                model: detail.timeline
                // A visit or task opens its page; an employment its editor (that is how "in
                // work" is kept up to date).
                delegate: TimelineDelegate {
                    id: entry
                    required property string entity
                    required property string recordId
                    objectName: "timeline-" + entity
                    onClicked: entry.entity === "employment"
                               ? page.pushRequested("RecordEditPage.qml", { entity: "employment", recordId: entry.recordId })
                               : page.openRecord(entry.entity, entry.recordId)
                }
            }
            EmptyState {
                visible: detail.timeline.count === 0
                message: qsTr("Ingen besøk, oppgaver eller arbeidsforhold ennå.")
            }
            WrappingButton {
                objectName: "addEmployment"
                text: qsTr("Registrer arbeidsforhold")
                Accessible.name: qsTr("Registrer arbeidsforhold for %1").arg(detail.title)
                Layout.leftMargin: Theme.margin - 8
                onClicked: page.pushRequested("RecordEditPage.qml",
                                              { entity: "employment", recordId: "",
                                                presets: { participant_id: page.recordId } })
            }
        }
    }

    AddButton {
        id: addButton
        objectName: "captureForParticipant"
        label: qsTr("Nytt besøk med %1").arg(detail.title)
        onClicked: page.pushRequested("CapturePage.qml", { participantId: page.recordId, participantName: detail.title })
    }
}
