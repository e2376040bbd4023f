import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A labelled one-line input with its validation message right under it. The label is always
// shown (nothing moves when typing starts); the message is shown when the field is left or the
// form is saved, never on each keystroke: the owner sets `error`, usually from validate(), which
// runs on editingFinished.
ColumnLayout {
    id: field
    property string label
    property string error
    property string placeholder
    property alias text: input.text
    property alias input: input
    property alias echoMode: input.echoMode
    property int inputHints: Qt.ImhNone
    signal edited(string text)
    signal fieldLeft()
    signal accepted()

    spacing: 2
    Layout.fillWidth: true

    Label {
        text: field.label
        font.pixelSize: Theme.fontSmall
        color: field.error !== "" ? Theme.warning : Theme.muted
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    TextField {
        id: input
        objectName: field.objectName + "Input"
        Layout.fillWidth: true
        placeholderText: field.placeholder
        inputMethodHints: field.inputHints
        Accessible.name: field.label
        Accessible.description: field.error
        onTextEdited: field.edited(text)
        onEditingFinished: field.fieldLeft()
        onAccepted: field.accepted()
    }
    Label {
        objectName: field.objectName + "Error"
        visible: field.error !== ""
        text: field.error
        color: Theme.warning
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
