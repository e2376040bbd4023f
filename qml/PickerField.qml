import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// Pick a participant or employer by typing part of the name, or name a new one. A new one is
// only a name here (picked with an empty id): the form creates it when it is saved, so nothing is
// left behind when the form is discarded. Names close to the typed one are shown as a warning.
ColumnLayout {
    id: field
    property alias entity: picker.entity
    property string label
    property string newLabel
    property string selectedId
    property string selectedName
    property string error
    readonly property bool isNew: selectedId === "" && selectedName !== ""
    signal picked(string recordId, string name)

    spacing: 2
    Layout.fillWidth: true

    // The form was saved or reset: start over with an empty search.
    onSelectedNameChanged: if (selectedName === "") clearSearch()

    function clearSearch() {
        search.text = ""
        picker.text = ""
    }
    function choose(recordId, name) {
        clearSearch() // first: picking removes the match list this was called from
        field.picked(recordId, name)
    }

    PickerModel {
        id: picker
        app: App
    }

    Label {
        text: field.label
        font.pixelSize: Theme.fontSmall
        color: field.error !== "" ? Theme.warning : Theme.muted
    }
    RowLayout {
        visible: field.selectedName !== ""
        Layout.fillWidth: true
        Label {
            objectName: field.objectName + "Selected"
            text: field.isNew ? qsTr("%1 (ny, lagres med besøket)").arg(field.selectedName) : field.selectedName
            font.pixelSize: Theme.fontTitle
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        ToolButton {
            objectName: field.objectName + "Clear"
            contentItem: Icon { name: "close"; color: Theme.muted }
            Accessible.name: qsTr("Fjern valget av %1").arg(field.selectedName)
            onClicked: field.choose("", "")
        }
    }
    Label {
        objectName: field.objectName + "Duplicates"
        visible: field.isNew && text !== ""
        text: field.isNew ? picker.similarTo(field.selectedName) : ""
        color: Theme.warning
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    TextField {
        id: search
        objectName: field.objectName + "Input"
        visible: field.selectedName === ""
        Layout.fillWidth: true
        placeholderText: qsTr("Skriv for å søke")
        Accessible.name: field.label
        onTextEdited: picker.text = text
    }
    Repeater {
        model: search.text.trim() !== "" && field.selectedName === "" ? picker.matches : null
        delegate: ItemDelegate {
            required property string recordId
            required property string title
            required property string subtitle
            objectName: field.objectName + "Match"
            Layout.fillWidth: true
            text: title + (subtitle ? "  ·  " + subtitle : "")
            Accessible.name: title
            onClicked: field.choose(recordId, title)
        }
    }
    Button {
        objectName: field.objectName + "Create"
        visible: field.selectedName === "" && search.text.trim() !== ""
        flat: true
        font.capitalization: Font.MixedCase
        text: field.newLabel.arg(search.text.trim())
        Accessible.name: text
        onClicked: field.choose("", search.text.trim())
    }
    Label {
        visible: text !== ""
        text: field.error
        color: Theme.warning
        font.pixelSize: Theme.fontCaption
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
