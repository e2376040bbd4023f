import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A labelled one-line input with its validation message right under it.
ColumnLayout {
    id: field
    property string label
    property string error
    property string placeholder
    property alias text: input.text
    property alias input: input
    property int inputHints: Qt.ImhNone
    signal edited(string text)

    spacing: 2
    Layout.fillWidth: true

    Label {
        // The placeholder disappears once there is text; the caption keeps saying what the field is.
        visible: input.text !== ""
        text: field.label
        font.pixelSize: 12
        color: Theme.muted
    }
    TextField {
        id: input
        objectName: field.objectName + "Input"
        Layout.fillWidth: true
        placeholderText: field.label
        inputMethodHints: field.inputHints
        Accessible.name: field.label
        Accessible.description: field.error
        onTextEdited: field.edited(text)
    }
    Label {
        objectName: field.objectName + "Error"
        visible: field.error !== ""
        text: field.error
        color: Theme.warning
        font.pixelSize: 13
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
