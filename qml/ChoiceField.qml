import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A labelled drop-down over [{value, label}] choices.
ColumnLayout {
    id: field
    property string label
    property var choices: []
    property string value
    signal chosen(string value)

    spacing: 0
    Layout.fillWidth: true

    Label {
        text: field.label
        font.pixelSize: Theme.fontSmall
        color: Theme.muted
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    WrappingComboBox {
        id: box
        objectName: field.objectName + "Box"
        Layout.fillWidth: true
        model: field.choices
        textRole: "label"
        valueRole: "value"
        currentIndex: indexOfValue(field.value)
        Accessible.name: field.label
        onActivated: field.chosen(currentValue)
    }
}
