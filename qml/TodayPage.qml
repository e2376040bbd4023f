import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "I dag": what is overdue, what is planned today, and follow-ups due later this week.
Page {
    id: page
    objectName: "todayPage"
    title: qsTr("I dag")
    signal openRecord(string entity, string recordId)
    signal captureRequested()

    TodayController {
        id: today
        app: App
        team: scope.team
    }

    header: ScopeSwitch { id: scope }

    ListView {
        id: list
        objectName: "todayList"
        anchors.fill: parent
        anchors.rightMargin: addButton.clearance
        clip: true
        model: today.items
        header: Label {
            width: list.width
            text: App.todayText()
            wrapMode: Text.WordWrap
            padding: Theme.margin
            bottomPadding: 4
            font.pixelSize: Theme.fontBody
            color: Theme.muted
        }
        section.property: "section"
        section.delegate: Label {
            required property string section
            width: list.width
            text: section
            font.bold: true
            font.pixelSize: Theme.fontBody
            color: Theme.primary
            leftPadding: Theme.margin
            topPadding: 12
            bottomPadding: 4
        }
        delegate: ListRowDelegate {
            required property string entity
            required property string recordId
            required title
            required subtitle
            required property string when
            required property bool overdue
            required property string whose
            objectName: "todayRow"
            trailing: when
            owner: whose
            warn: overdue
            onClicked: page.openRecord(entity, recordId)
        }
        footer: Item { width: 1; height: 88 }

        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0
            message: qsTr("Ingenting planlagt i dag. Trykk på + for å skrive et besøk eller en samtale.")
        }
    }

    AddButton {
        id: addButton
        objectName: "captureButton"
        label: qsTr("Nytt besøk eller ny samtale")
        onClicked: page.captureRequested()
    }
}
