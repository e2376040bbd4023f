import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A new date and time for an appointment, with shortcuts for the usual choices.
Dialog {
    id: dialog
    objectName: "rescheduleDialog"
    property alias date: dateField.text
    property alias time: timeField.text
    title: qsTr("Flytt avtalen")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min((parent ? parent.width : 360) - 2 * Theme.margin, 440)
    standardButtons: Dialog.Ok | Dialog.Cancel

    ColumnLayout {
        width: dialog.availableWidth
        DateShortcuts {
            onPicked: text => dateField.text = text
        }
        RowLayout {
            FormField {
                id: dateField
                objectName: "rescheduleDate"
                label: qsTr("Dato (dd.mm.åååå)")
                inputHints: Qt.ImhDate
            }
            FormField {
                id: timeField
                objectName: "rescheduleTime"
                label: qsTr("Kl. (tt:mm)")
                inputHints: Qt.ImhTime
                Layout.preferredWidth: 96
                Layout.fillWidth: false
            }
        }
    }
}
