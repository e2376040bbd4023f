import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A contact person with buttons to call and e-mail (tel:/mailto: links) and to edit the person.
RowLayout {
    id: contact
    required property string recordId
    required property string title
    required property string subtitle
    required property string phone
    required property string phoneText
    required property string email
    signal editRequested(string recordId)
    Layout.fillWidth: true
    Layout.leftMargin: Theme.margin
    Layout.rightMargin: 4
    spacing: 4

    ColumnLayout {
        spacing: 0
        Layout.fillWidth: true
        Label {
            text: contact.title
            font.pixelSize: Theme.fontSubtitle
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            text: contact.subtitle !== "" && contact.phoneText !== ""
                  ? contact.subtitle + " · " + contact.phoneText : contact.subtitle + contact.phoneText
            font.pixelSize: Theme.fontCaption
            color: Theme.muted
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
    }
    Button {
        visible: contact.phone !== ""
        flat: true
        text: qsTr("Ring")
        Accessible.name: qsTr("Ring %1").arg(contact.title)
        onClicked: Qt.openUrlExternally("tel:" + contact.phone)
    }
    Button {
        visible: contact.email !== ""
        flat: true
        text: qsTr("E-post")
        Accessible.name: qsTr("Send e-post til %1").arg(contact.title)
        onClicked: Qt.openUrlExternally("mailto:" + contact.email)
    }
    Button {
        objectName: "editContact"
        flat: true
        text: qsTr("Endre")
        Accessible.name: qsTr("Endre kontaktperson %1").arg(contact.title)
        onClicked: contact.editRequested(contact.recordId)
    }
}
