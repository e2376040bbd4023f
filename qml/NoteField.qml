import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A labelled multi-line text (notes, goals) with its validation message under it.
ColumnLayout {
    id: field
    property string label
    property string error
    property alias text: area.text
    signal edited(string text)

    spacing: 2
    Layout.fillWidth: true

    Label {
        // Always shown, so nothing moves when typing starts.
        text: field.label
        font.pixelSize: Theme.fontSmall
        color: Theme.muted
    }
    TextArea {
        id: area
        objectName: field.objectName + "Input"
        Layout.fillWidth: true
        Layout.minimumHeight: 72
        wrapMode: TextEdit.Wrap
        Accessible.name: field.label
        Accessible.description: field.error
        // TextArea has no textEdited; only report changes the user made while it has focus.
        onTextChanged: if (activeFocus) field.edited(text)
    }
    Label {
        objectName: field.objectName + "Error"
        visible: field.error !== ""
        text: field.error
        color: Theme.warning
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
