import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "Oppgaver": my open tasks by due date (or the team's, saying whose); tick one off with undo;
// "Vis gjorte" shows done ones, which can be opened again.
Page {
    id: page
    objectName: "tasksPage"
    title: qsTr("Oppgaver")
    signal openRecord(string entity, string recordId)
    signal pushRequested(string file, var props)
    property bool showDone: false

    TasksController {
        id: tasks
        app: App
        team: scope.team
        showDone: page.showDone
    }

    header: ColumnLayout {
        spacing: 0
        ScopeSwitch { id: scope; Layout.fillWidth: true }
    }

    ListView {
        id: list
        objectName: "taskList"
        anchors.fill: parent
        anchors.rightMargin: addButton.clearance
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
            required property bool done
            required property string whose
            width: list.width
            spacing: 0
            CheckBox {
                objectName: "taskDone"
                Layout.leftMargin: 4
                checked: task.done
                Accessible.name: task.done ? qsTr("Åpne «%1» igjen").arg(task.title)
                                           : qsTr("Merk «%1» som gjort").arg(task.title)
                onToggled: {
                    var id = task.recordId
                    var name = task.title
                    if (tasks.complete(id, checked))
                        undo.show(checked ? qsTr("«%1» er gjort.").arg(name) : qsTr("«%1» er åpen igjen.").arg(name),
                                  checked ? () => tasks.complete(id, false) : () => tasks.complete(id, true))
                }
            }
            ListRowDelegate {
                objectName: "taskRow"
                Layout.fillWidth: true
                title: task.title
                subtitle: task.subtitle
                owner: task.whose
                trailing: task.when
                warn: task.overdue
                leftPadding: 0
                font.strikeout: task.done
                onClicked: page.openRecord("task", task.recordId)
            }
        }
        footer: ColumnLayout {
            width: list.width
            CheckBox {
                objectName: "showDoneTasks"
                checked: page.showDone
                onToggled: page.showDone = checked
                text: qsTr("Vis gjorte oppgaver")
                Layout.leftMargin: 4
            }
            Item { implicitHeight: 88 }
        }
        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0
            message: scope.team ? qsTr("Teamet har ingen åpne oppgaver.")
                                : qsTr("Ingen åpne oppgaver. Neste steg du skriver i et besøk blir en oppgave her, eller trykk + for en ny.")
        }
    }

    AddButton {
        id: addButton
        objectName: "addTask"
        label: qsTr("Ny oppgave")
        onClicked: page.pushRequested("RecordEditPage.qml", { entity: "task", recordId: "" })
    }

    UndoBar { id: undo }
}
