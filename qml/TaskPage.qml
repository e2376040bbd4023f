import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// One task: what, by when, about whom, whose; tick it off or open it again, edit, delete (undo).
Page {
    id: page
    objectName: "taskPage"
    property alias recordId: task.recordId
    title: qsTr("Oppgave")
    signal pushRequested(string file, var props)
    signal openRecord(string entity, string recordId)
    signal removed(string entity, string message)
    signal gone(string message)

    TaskController {
        id: task
        app: App
        onReloaded: if (!found && recordId !== "") page.gone(qsTr("Oppgaven finnes ikke lenger på telefonen."))
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true

        ColumnLayout {
            id: column
            width: Math.min(flick.width, Theme.maxContentWidth)
            spacing: 4

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                CheckBox {
                    objectName: "taskPageDone"
                    checked: task.done
                    Accessible.name: task.done ? qsTr("Åpne oppgaven igjen") : qsTr("Merk oppgaven som gjort")
                    onToggled: task.setDone(checked)
                }
                Label {
                    objectName: "taskTitle"
                    text: task.title
                    font.pixelSize: Theme.fontHeader
                    font.strikeout: task.done
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }
            InfoRow {
                label: qsTr("Frist")
                value: task.dueText
                link: ""
            }
            InfoRow {
                visible: task.aboutText !== ""
                label: qsTr("Gjelder")
                value: task.aboutText
                link: ""
                onClicked: page.openRecord(task.aboutEntity, task.aboutId)
            }
            InfoRow {
                label: qsTr("Ansvarlig")
                value: task.whoseText
                link: ""
            }
            InfoRow {
                visible: task.details !== ""
                label: qsTr("Detaljer")
                value: task.details
                link: ""
            }
            Button {
                objectName: "taskOpenEncounter"
                visible: task.encounterId !== ""
                flat: true
                text: qsTr("Se besøket oppgaven kom fra")
                Layout.leftMargin: Theme.margin - 8
                onClicked: page.openRecord("encounter", task.encounterId)
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                Button {
                    objectName: "editTask"
                    text: qsTr("Rediger")
                    onClicked: page.pushRequested("RecordEditPage.qml", { entity: "task", recordId: page.recordId })
                }
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "deleteTask"
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
        objectName: "deleteTaskDialog"
        title: qsTr("Slette oppgaven?")
        message: qsTr("Oppgaven slettes her og på serveren.")
        confirmText: qsTr("Slett")
        onConfirmed: if (App.removeRecord("task", page.recordId)) page.removed("task", qsTr("Oppgaven er slettet."))
    }
}
