import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// The main menu: one entry per top-level page. Modal on a phone, always open on a wide window.
Drawer {
    id: drawer
    signal pageChosen(string name)
    property string current
    width: Math.min(parent ? parent.width * 0.8 : 300, 300)

    readonly property var entries: [
        { name: "today", label: qsTr("I dag"), icon: "today" },
        { name: "capture", label: qsTr("Nytt besøk / ny samtale"), icon: "add" },
        { name: "participants", label: qsTr("Deltakere"), icon: "person" },
        { name: "employers", label: qsTr("Arbeidsgivere"), icon: "business" },
        { name: "search", label: qsTr("Søk"), icon: "search" },
        { name: "tasks", label: qsTr("Oppgaver"), icon: "task" },
        { name: "conflicts", label: qsTr("Konflikter"), icon: "conflict" },
        { name: "week", label: qsTr("Min uke"), icon: "week" },
        { name: "settings", label: qsTr("Innstillinger"), icon: "settings" }
    ]

    ListView {
        anchors.fill: parent
        clip: true
        model: drawer.entries
        header: Label {
            text: "Feltnotat"
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.primary
            padding: Theme.margin
        }
        delegate: ItemDelegate {
            id: entry
            required property var modelData
            objectName: "nav-" + modelData.name
            width: ListView.view.width
            highlighted: drawer.current === modelData.name
            Accessible.name: modelData.label
            contentItem: RowLayout {
                spacing: Theme.margin
                Icon { name: entry.modelData.icon; color: entry.highlighted ? Theme.primary : Theme.muted }
                Label {
                    text: entry.modelData.label + (entry.modelData.name === "conflicts" && App.sync.conflictCount > 0
                                                   ? " (" + App.sync.conflictCount + ")" : "")
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
            onClicked: {
                drawer.pageChosen(modelData.name)
                if (drawer.modal)
                    drawer.close()
            }
        }
    }
}
