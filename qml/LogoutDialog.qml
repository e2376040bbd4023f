import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// Logging out removes everything on the phone. With changes not yet sent, the default is to keep
// them (sync first, or cancel); deleting them needs a tick in a box and then the red button.
Dialog {
    id: dialog
    objectName: "logoutDialog"
    readonly property int unsent: App.sync.pendingCount
    title: unsent > 0 ? qsTr("Endringer er ikke sendt") : qsTr("Logge ut?")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min((parent ? parent.width : 360) - 2 * Theme.margin, 440)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onAboutToShow: loseThem.checked = false
    onOpened: (dialog.unsent > 0 && syncFirst.enabled ? syncFirst : cancel).forceActiveFocus()

    ColumnLayout {
        width: dialog.availableWidth
        spacing: Theme.spacing
        Label {
            objectName: "logoutWarning"
            text: dialog.unsent > 0
                  ? qsTr("%n endringer er ikke sendt til serveren ennå. Logger du ut nå, slettes de fra telefonen og kan ikke hentes tilbake.", "", dialog.unsent)
                  : qsTr("Alle data på telefonen slettes. De finnes fortsatt på serveren.")
            color: dialog.unsent > 0 ? Theme.warning : palette.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        CheckBox {
            id: loseThem
            objectName: "logoutLoseUnsent"
            visible: dialog.unsent > 0
            text: qsTr("Slett de %n endringene som ikke er sendt", "", dialog.unsent)
            Layout.fillWidth: true
        }
        Flow {
            spacing: 4
            layoutDirection: Qt.RightToLeft
            Layout.fillWidth: true
            Button {
                id: syncFirst
                objectName: "logoutSyncFirst"
                visible: dialog.unsent > 0
                text: qsTr("Synkroniser først")
                highlighted: true
                Material.elevation: 0
                enabled: App.signedIn && !App.demo
                onClicked: { App.sync.syncNow(); dialog.close() }
            }
            Button {
                id: cancel
                objectName: "logoutCancel"
                text: qsTr("Avbryt")
                flat: true
                onClicked: dialog.close()
            }
            Button {
                objectName: "logoutConfirm"
                text: dialog.unsent > 0 ? qsTr("Logg ut og slett") : qsTr("Logg ut")
                flat: true
                enabled: dialog.unsent === 0 || loseThem.checked
                Material.foreground: Theme.warning
                onClicked: { dialog.close(); App.logOut() }
            }
        }
    }
}
