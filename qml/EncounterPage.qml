import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// One visit or appointment: who, when, the whole note, its tasks. A planned one is logged as
// done, cancelled, marked as not attended or moved; any one can be edited or deleted (with undo).
// Deleted or withdrawn while open: the page says so and goes back.
Page {
    id: page
    objectName: "encounterPage"
    property alias recordId: encounter.recordId
    title: encounter.title
    signal pushRequested(string file, var props)
    signal openRecord(string entity, string recordId)
    signal removed(string entity, string message)
    signal gone(string message)

    EncounterController {
        id: encounter
        app: App
        onReloaded: if (!found && recordId !== "") page.gone(qsTr("Besøket finnes ikke lenger på telefonen. Det kan være slettet eller flyttet til et annet team."))
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ScrollIndicator.vertical: ScrollIndicator { }

        ColumnLayout {
            id: column
            width: Math.min(flick.width, Theme.maxContentWidth)
            spacing: 4

            Label {
                objectName: "encounterKind"
                text: encounter.kindText
                font.pixelSize: Theme.fontTitle
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.topMargin: Theme.margin
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
            }
            Label {
                objectName: "encounterWhen"
                text: encounter.whenText + " · " + encounter.statusText
                color: encounter.planned ? Theme.primary : Theme.muted
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
            }
            Flow {
                objectName: "lifecycleActions"
                visible: encounter.planned
                spacing: 8
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                Button {
                    objectName: "completeButton"
                    text: qsTr("Gjennomført")
                    highlighted: true
                    Material.elevation: 0
                    Accessible.name: qsTr("Avtalen ble gjennomført: skriv besøket")
                    onClicked: if (encounter.complete())
                        page.pushRequested("RecordEditPage.qml", { entity: "encounter", recordId: page.recordId })
                }
                Button {
                    objectName: "cancelButton"
                    text: qsTr("Avlyst")
                    flat: true
                    onClicked: encounter.cancel()
                }
                Button {
                    objectName: "notAttendedButton"
                    visible: encounter.canMarkNotAttended
                    text: qsTr("Ikke møtt")
                    flat: true
                    onClicked: encounter.markNotAttended()
                }
                Button {
                    objectName: "rescheduleButton"
                    text: qsTr("Flytt")
                    flat: true
                    onClicked: reschedule.open()
                }
            }
            Label {
                objectName: "encounterError"
                visible: text !== ""
                text: encounter.error
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
            }
            Repeater {
                model: encounter.facts
                delegate: InfoRow { }
            }
            SectionHeading {
                visible: encounter.tasks.count > 0
                text: qsTr("Oppgaver fra besøket")
            }
            Repeater {
                model: encounter.tasks
                delegate: ListRowDelegate {
                    required property string recordId
                    required title
                    required subtitle
                    required property bool done
                    objectName: "encounterTask"
                    Layout.fillWidth: true
                    trailing: done ? qsTr("Gjort") : ""
                    onClicked: page.openRecord("task", recordId)
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                Button {
                    objectName: "editEncounter"
                    text: qsTr("Rediger")
                    onClicked: page.pushRequested("RecordEditPage.qml", { entity: "encounter", recordId: page.recordId })
                }
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "deleteEncounter"
                    text: qsTr("Slett")
                    flat: true
                    Material.foreground: Theme.warning
                    onClicked: confirmDelete.open()
                }
            }
        }
    }

    ConfirmDialog {
        id: confirmDelete
        objectName: "deleteDialog"
        title: qsTr("Slette besøket?")
        message: qsTr("Besøket og notatet slettes her og på serveren. Oppgaver som er laget fra det, blir liggende.")
        cancelText: qsTr("Avbryt")
        confirmText: qsTr("Slett")
        onConfirmed: if (App.removeRecord("encounter", page.recordId)) page.removed("encounter", qsTr("Besøket er slettet."))
    }

    RescheduleDialog {
        id: reschedule
        onAccepted: if (!encounter.reschedule(date, time)) open()
    }
}
