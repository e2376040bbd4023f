import QtQuick
import QtQuick.Controls
import Feltnotat

// The main menu: one entry per top-level page.
Drawer {
    id: drawer
    signal pageChosen(string name)
    property string current
    width: Math.min(parent ? parent.width * 0.8 : 300, 320)

    readonly property var entries: [
        { name: "today", label: qsTr("I dag") },
        { name: "capture", label: qsTr("Nytt besøk / ny samtale") },
        { name: "participants", label: qsTr("Deltakere") },
        { name: "employers", label: qsTr("Arbeidsgivere") },
        { name: "search", label: qsTr("Søk") },
        { name: "tasks", label: qsTr("Oppgaver") },
        { name: "conflicts", label: qsTr("Konflikter") },
        { name: "week", label: qsTr("Min uke") },
        { name: "settings", label: qsTr("Innstillinger") }
    ]

    ListView {
        anchors.fill: parent
        model: drawer.entries
        header: Label {
            text: "Feltnotat"
            font.pixelSize: 20
            font.bold: true
            color: Theme.primary
            padding: Theme.margin
        }
        delegate: ItemDelegate {
            required property var modelData
            objectName: "nav-" + modelData.name
            width: ListView.view.width
            text: modelData.label + (modelData.name === "conflicts" && App.sync.conflictCount > 0
                                     ? " (" + App.sync.conflictCount + ")" : "")
            highlighted: drawer.current === modelData.name
            Accessible.name: modelData.label
            onClicked: {
                drawer.pageChosen(modelData.name)
                drawer.close()
            }
        }
    }
}
