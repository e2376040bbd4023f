import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "I dag", "I morgen", "Neste uke": one tap fills a date field (dd.mm.åååå).
Flow {
    id: shortcuts
    signal picked(string date)
    spacing: 4
    Layout.fillWidth: true
    Repeater {
        model: [
            { label: qsTr("I dag"), days: 0 },
            { label: qsTr("I morgen"), days: 1 },
            { label: qsTr("Om en uke"), days: 7 }
        ]
        delegate: Button {
            required property var modelData
            objectName: "dateShortcut" + modelData.days
            text: modelData.label
            flat: true
            font.capitalization: Font.MixedCase
            onClicked: shortcuts.picked(App.dateFromToday(modelData.days))
        }
    }
}
