import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// Asks before something that cannot be taken back. The safe choice is the default: it has the
// focus (Enter, the Back key, a tap outside and Esc all take it), the risky one must be tapped.
Dialog {
    id: dialog
    property string message
    property string confirmText: qsTr("OK")
    property string cancelText: qsTr("Avbryt")
    property bool destructive: true
    signal confirmed()

    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min((parent ? parent.width : 360) - 2 * Theme.margin, 440)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: keep.forceActiveFocus()

    ColumnLayout {
        width: dialog.availableWidth
        spacing: Theme.spacing
        Label {
            objectName: dialog.objectName + "Message"
            text: dialog.message
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Flow {
            spacing: 8
            layoutDirection: Qt.RightToLeft
            Layout.fillWidth: true
            Button {
                objectName: dialog.objectName + "Confirm"
                text: dialog.confirmText
                flat: true
                Material.foreground: dialog.destructive ? Theme.warning : Theme.primary
                onClicked: {
                    dialog.close()
                    dialog.confirmed()
                }
            }
            Button {
                id: keep
                objectName: dialog.objectName + "Cancel"
                text: dialog.cancelText
                flat: true
                Keys.onReturnPressed: dialog.reject()
                Keys.onEnterPressed: dialog.reject()
                onClicked: dialog.reject()
            }
        }
    }
}
