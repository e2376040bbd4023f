import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "Oppgaver": open tasks by due date; tick one off when done.
Page {
    id: page
    objectName: "tasksPage"
    title: qsTr("Oppgaver")
    signal openRecord(string entity, string recordId)

    TasksController { id: tasks }

    ListView {
        id: list
        objectName: "taskList"
        anchors.fill: parent
        clip: true
        model: tasks.tasks
        section.property: "section"
        section.delegate: SectionHeading {
            required property string section
            width: list.width
            text: section
        }
        delegate: RowLayout {
            id: task
            required property string recordId
            required property string title
            required property string subtitle
            required property string when
            required property bool overdue
            width: list.width
            spacing: 0
            CheckBox {
                objectName: "taskDone"
                Layout.leftMargin: 4
                Accessible.name: qsTr("Merk «%1» som gjort").arg(task.title)
                onToggled: if (checked) tasks.complete(task.recordId)
            }
            ListRowDelegate {
                Layout.fillWidth: true
                title: task.title
                subtitle: task.subtitle
                trailing: task.when
                warn: task.overdue
                leftPadding: 0
                onClicked: page.openRecord("task", task.recordId)
            }
        }
        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0
            message: qsTr("Ingen åpne oppgaver. Neste steg du skriver i et besøk blir en oppgave her.")
        }
    }
}
