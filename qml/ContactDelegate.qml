import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A contact person with buttons to call and e-mail (tel:/mailto: links) and to edit the person.
// The buttons go under the name when the name would be squeezed (large text on a small phone).
GridLayout {
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
    columnSpacing: 4
    rowSpacing: 0
    // From the width the page gives (not this item's own, which follows the columns).
    readonly property real available: parent ? parent.width - Layout.leftMargin - Layout.rightMargin : 0
    columns: available - actions.implicitWidth - columnSpacing >= Theme.fontSubtitle * 8 ? 2 : 1

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
    RowLayout {
        id: actions
        spacing: 4
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
}
