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

    DetailController {
        id: detail
        entity: "participant"
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 88
        clip: true
        ScrollIndicator.vertical: ScrollIndicator { }

        ColumnLayout {
            id: column
            width: Math.min(flick.width, Theme.maxContentWidth)
            spacing: 0

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                Label {
                    objectName: "participantSubtitle"
                    text: detail.subtitle
                    font.pixelSize: 15
                    color: Theme.muted
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                }
                Button {
                    objectName: "editButton"
                    text: qsTr("Rediger")
                    Accessible.name: qsTr("Rediger %1").arg(detail.title)
                    onClicked: page.pushRequested("RecordEditPage.qml", { entity: "participant", recordId: page.recordId })
                }
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
                delegate: TimelineDelegate { }
            }
            EmptyState {
                visible: detail.timeline.count === 0
                message: qsTr("Ingen besøk, oppgaver eller arbeidsforhold ennå.")
            }
        }
    }

    AddButton {
        objectName: "captureForParticipant"
        label: qsTr("Nytt besøk med %1").arg(detail.title)
        onClicked: page.pushRequested("CapturePage.qml", { participantId: page.recordId, participantName: detail.title })
    }
}
