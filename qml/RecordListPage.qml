import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A searchable, lazily loaded list of participants or employers.
Page {
    id: page
    property alias entity: records.entity
    property string filterLabel
    property string emptyText
    property string addLabel
    // Participants: "Mine" (my caseload), "Teamets" and "Avsluttede" (closed ones, kept apart).
    property bool scoped: false
    signal openRecord(string entity, string recordId)
    signal pushRequested(string file, var props)

    RecordListModel {
        id: records
        app: App
        owner: page.scoped && scope.currentIndex === 0 ? App.userId : ""
        closed: page.scoped && scope.currentIndex === 2
    }

    header: ColumnLayout {
        spacing: 0
        TabBar {
            id: scope
            objectName: "listScope"
            visible: page.scoped
            Layout.fillWidth: true
            TabButton { objectName: "scopeMine"; text: qsTr("Mine") }
            TabButton { objectName: "scopeTeam"; text: qsTr("Teamets") }
            TabButton { objectName: "scopeClosed"; text: qsTr("Avsluttede") }
        }
        Pane {
            padding: 8
            leftPadding: Theme.margin
            rightPadding: Theme.margin
            Layout.fillWidth: true
            TextField {
                objectName: "listFilter"
                width: parent.width
                placeholderText: page.filterLabel
                Accessible.name: page.filterLabel
                inputMethodHints: Qt.ImhNoPredictiveText
                onTextEdited: records.filter = text
            }
        }
    }

    ListView {
        id: list
        objectName: "recordList"
        anchors.fill: parent
        anchors.rightMargin: addButton.clearance
        clip: true
        model: records
        delegate: ListRowDelegate {
            required property string recordId
            required title
            required subtitle
            objectName: "recordRow"
            onClicked: page.openRecord(page.entity, recordId)
        }
        footer: Label {
            width: list.width
            text: qsTr("%1 av %2").arg(list.count).arg(records.totalCount)
            visible: records.totalCount > 0
            horizontalAlignment: Text.AlignHCenter
            color: Theme.muted
            padding: 8
            bottomPadding: 88
        }
        ScrollIndicator.vertical: ScrollIndicator { }
        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0
            message: page.emptyText
        }
    }

    AddButton {
        id: addButton
        objectName: "addButton"
        visible: page.addLabel !== ""
        label: page.addLabel
        onClicked: page.pushRequested("RecordEditPage.qml", { entity: page.entity })
    }
}
