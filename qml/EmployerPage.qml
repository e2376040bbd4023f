import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One employer: facts, workplaces, contacts to call or e-mail, and the history of visits.
Page {
    id: page
    objectName: "employerPage"
    property alias recordId: detail.recordId
    title: detail.title
    signal pushRequested(string file, var props)
    signal openRecord(string entity, string recordId)
    signal gone(string message)

    DetailController {
        id: detail
        app: App
        entity: "employer"
        onReloaded: if (!found && page.recordId !== "") page.gone(qsTr("Arbeidsgiveren finnes ikke lenger på telefonen."))
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
                text: detail.subtitle
                recordTitle: detail.title
                onEditClicked: page.pushRequested("RecordEditPage.qml", { entity: "employer", recordId: page.recordId })
            }
            Repeater {
                model: detail.facts
                delegate: InfoRow { }
            }
            SectionHeading { text: qsTr("Kontaktpersoner") }
            Repeater {
                objectName: "contacts"
                model: detail.contacts
                delegate: ContactDelegate {
                    onEditRequested: recordId => page.pushRequested("RecordEditPage.qml",
                                                                    { entity: "contact", recordId: recordId })
                }
            }
            EmptyState {
                visible: detail.contacts.count === 0
                message: qsTr("Ingen kontaktpersoner registrert.")
            }
            WrappingButton {
                objectName: "addContact"
                text: qsTr("Legg til kontaktperson")
                Accessible.name: qsTr("Legg til kontaktperson hos %1").arg(detail.title)
                Layout.leftMargin: Theme.margin - 8
                onClicked: page.pushRequested("RecordEditPage.qml",
                                              { entity: "contact", recordId: "", presets: { employer_id: page.recordId } })
            }
            SectionHeading { text: qsTr("Arbeidssteder") }
            Repeater {
                objectName: "workplaces"
                model: detail.workplaces
                delegate: WorkplaceDelegate {
                    onEditRequested: recordId => page.pushRequested("RecordEditPage.qml",
                                                                    { entity: "workplace", recordId: recordId })
                }
            }
            Button {
                objectName: "addWorkplace"
                flat: true
                text: qsTr("Legg til arbeidssted")
                Accessible.name: qsTr("Legg til arbeidssted hos %1").arg(detail.title)
                Layout.leftMargin: Theme.margin - 8
                onClicked: page.pushRequested("RecordEditPage.qml",
                                              { entity: "workplace", recordId: "", presets: { employer_id: page.recordId } })
            }
            SectionHeading {
                visible: detail.placed.count > 0
                text: qsTr("Deltakere i jobb her")
            }
            Repeater {
                model: detail.placed
                delegate: ListRowDelegate {
                    required property string recordId
                    required title
                    required subtitle
                    objectName: "placedParticipant"
                    Layout.fillWidth: true
                    onClicked: page.openRecord("participant", recordId)
                }
            }
            SectionHeading { text: qsTr("Besøk og samtaler") }
            Repeater {
                model: detail.timeline
                delegate: TimelineDelegate {
                    id: visit
                    required property string entity
                    required property string recordId
                    objectName: "employerVisit"
                    onClicked: page.openRecord(visit.entity, visit.recordId)
                }
            }
            EmptyState {
                visible: detail.timeline.count === 0
                message: qsTr("Ingen besøk registrert ennå.")
            }
        }
    }

    AddButton {
        id: addButton
        objectName: "captureForEmployer"
        label: qsTr("Nytt besøk hos %1").arg(detail.title)
        onClicked: page.pushRequested("CapturePage.qml", { employerId: page.recordId, employerName: detail.title })
    }
}
