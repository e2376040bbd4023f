import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One field of RecordEditPage: the input that fits its type, and the message when it is wrong.
ColumnLayout {
    id: field
    required property string name
    required property string label
    required property string type
    required property var value
    required property string error
    required property var choices
    signal edited(string name, var value)
    signal fieldLeft(string name)

    objectName: "edit-" + name
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
        objectName: "edit-" + field.name + "-input"
        visible: field.type === "text" || field.type === "date" || field.type === "datetime"
        Layout.fillWidth: true
        text: visible ? field.value : ""
        placeholderText: field.type === "date" ? qsTr("dd.mm.åååå")
                       : field.type === "datetime" ? qsTr("dd.mm.åååå tt:mm") : ""
        inputMethodHints: field.type === "date" ? Qt.ImhDate
                        : field.name === "phone" ? Qt.ImhDialableCharactersOnly
                        : field.name === "email" ? Qt.ImhEmailCharactersOnly | Qt.ImhNoAutoUppercase
                        : field.name === "position_percent" ? Qt.ImhDigitsOnly : Qt.ImhNone
        Accessible.name: field.label
        Accessible.description: field.error
        onTextEdited: field.edited(field.name, text)
        onEditingFinished: field.fieldLeft(field.name)
    }
    TextArea {
        objectName: "edit-" + field.name + "-area"
        visible: field.type === "long"
        Layout.fillWidth: true
        Layout.minimumWidth: 0 // its implicit width is its longest paragraph unwrapped
        wrapMode: TextEdit.Wrap
        text: visible ? field.value : ""
        Accessible.name: field.label
        onTextChanged: if (activeFocus) field.edited(field.name, text)
        onEditingFinished: field.fieldLeft(field.name)
    }
    WrappingComboBox {
        id: box
        objectName: "edit-" + field.name + "-box"
        visible: field.type === "choice"
        Layout.fillWidth: true
        model: visible ? field.choices : []
        textRole: "label"
        valueRole: "value"
        // From the choices themselves: indexOfValue() does not re-run when the model arrives.
        currentIndex: visible ? field.choices.findIndex(c => c.value === field.value) : -1
        Accessible.name: field.label
        onActivated: field.edited(field.name, currentValue)
        delegate: MenuItem {
            required property var modelData
            required property int index
            objectName: "edit-" + field.name + "-choice"
            width: ListView.view ? ListView.view.width : implicitWidth
            text: modelData.label
            highlighted: box.highlightedIndex === index
        }
    }
    Switch {
        objectName: "edit-" + field.name + "-switch"
        visible: field.type === "bool"
        checked: visible && field.value === true
        text: checked ? qsTr("Ja") : qsTr("Nei")
        Accessible.name: field.label
        onToggled: field.edited(field.name, checked)
    }
    Label {
        objectName: "edit-" + field.name + "-error"
        visible: field.error !== ""
        text: field.error
        color: Theme.warning
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
