import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// Pick a participant or employer by typing part of the name; or create one with that name.
ColumnLayout {
    id: field
    property alias entity: picker.entity
    property string label
    property string newLabel
    property string selectedId
    property string selectedName
    property string error
    signal picked(string recordId, string name)

    spacing: 2
    Layout.fillWidth: true

    PickerModel { id: picker }

    RowLayout {
        visible: field.selectedId !== ""
        Layout.fillWidth: true
        Label {
            objectName: field.objectName + "Selected"
            text: field.label + ": " + field.selectedName
            font.pixelSize: 16
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        ToolButton {
            text: "✕"
            Accessible.name: qsTr("Fjern valget av %1").arg(field.selectedName)
            onClicked: field.picked("", "")
        }
    }
    TextField {
        id: search
        objectName: field.objectName + "Input"
        visible: field.selectedId === ""
        Layout.fillWidth: true
        placeholderText: field.label
        Accessible.name: field.label
        onTextEdited: picker.text = text
    }
    Repeater {
        model: search.text.trim() !== "" && field.selectedId === "" ? picker.matches : null
        delegate: ItemDelegate {
            required property string recordId
            required property string title
            required property string subtitle
            objectName: field.objectName + "Match"
            Layout.fillWidth: true
            text: title + (subtitle ? "  ·  " + subtitle : "")
            Accessible.name: title
            onClicked: { field.picked(recordId, title); search.text = ""; picker.text = "" }
        }
    }
    Button {
        objectName: field.objectName + "Create"
        visible: field.selectedId === "" && search.text.trim() !== ""
        flat: true
        text: field.newLabel.arg(search.text.trim())
        Accessible.name: text
        onClicked: {
            var id = picker.create(search.text.trim())
            if (id !== "") { field.picked(id, search.text.trim()); search.text = ""; picker.text = "" }
        }
    }
    Label {
        visible: text !== ""
        text: field.error !== "" ? field.error : picker.error
        color: Theme.warning
        font.pixelSize: 13
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
