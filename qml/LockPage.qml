import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// The app lock. On the first start the user chooses a PIN (typed twice) that encrypts the data on
// the phone; after that the app opens here, and comes back here after idle time and in the
// background. Nothing from the records is shown while this page is up: the store is closed. Before
// the last attempts it warns that wrong PINs wipe the phone's data, unsent changes included.
// After the PIN, a phone that has not reached the server for too long (App.contactLocked) stays
// here with the reason until a sync gets through.
Page {
    id: page
    objectName: "lockPage"
    title: App.pinChosen || page.waitingForServer ? qsTr("Låst") : qsTr("Velg PIN-kode")

    readonly property bool waitingForServer: App.contactLocked && !App.locked
    readonly property bool choosing: !App.pinChosen && !page.waitingForServer
    readonly property bool lastAttempts: App.pinChosen && App.pinAttemptsLeft <= 3 && !page.waitingForServer

    function submit() {
        var ok = page.choosing ? App.choosePin(pin.text, confirmation.text) : App.unlock(pin.text)
        pin.text = ""
        confirmation.text = ""
        if (!ok)
            pin.input.forceActiveFocus()
    }

    Component.onCompleted: if (!page.waitingForServer) pin.input.forceActiveFocus()

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: Math.min(scroll.availableWidth, 420) - 2 * Theme.margin
            x: (scroll.availableWidth - width) / 2
            spacing: Theme.spacing

            Label {
                text: "Feltnotat"
                font.pixelSize: Theme.fontHeadline
                font.bold: true
                color: Theme.primary
                Layout.topMargin: 24
            }
            Label {
                objectName: "lockIntro"
                text: page.waitingForServer ? App.contactLockReason
                      : page.choosing
                      ? (App.hasPlainData
                         ? qsTr("Dataene på telefonen skal krypteres. Velg en PIN-kode på minst 6 sifre. Du trenger den hver gang du åpner appen.")
                         : qsTr("Velg en PIN-kode på minst 6 sifre. Den beskytter dataene på telefonen, og du trenger den hver gang du åpner appen."))
                      : qsTr("Appen er låst. Skriv PIN-koden for å låse opp.")
                wrapMode: Text.WordWrap
                color: Theme.muted
                Layout.fillWidth: true
            }
            Label {
                objectName: "lockNotice"
                visible: text !== ""
                text: App.lockNotice
                wrapMode: Text.WordWrap
                padding: Theme.spacing
                Layout.fillWidth: true
                background: Rectangle { color: Theme.attentionBand; radius: 4 }
            }
            Label {
                objectName: "wipeWarning"
                visible: page.lastAttempts
                text: qsTr("Etter %n feil forsøk til slettes alle data på telefonen.", "", App.pinAttemptsLeft)
                      + (App.unsentAtLock > 0
                         ? " " + qsTr("%n endringer som ikke er sendt til serveren, går da tapt.", "", App.unsentAtLock)
                         : "")
                wrapMode: Text.WordWrap
                padding: Theme.spacing
                color: Theme.warning
                Layout.fillWidth: true
                background: Rectangle { color: Theme.attentionBand; radius: 4 }
            }
            Label {
                objectName: "contactSyncState"
                visible: page.waitingForServer
                text: App.sync.stateText + (App.sync.detailText !== "" ? " – " + App.sync.detailText : "")
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Button {
                objectName: "contactSyncButton"
                visible: page.waitingForServer
                text: qsTr("Synkroniser nå")
                enabled: !App.sync.busy
                highlighted: true
                Material.elevation: 0 // the software renderer cannot draw the shadow layer
                Layout.fillWidth: true
                onClicked: App.sync.syncNow()
            }
            FormField {
                id: pin
                objectName: "pinField"
                visible: !page.waitingForServer
                label: page.choosing ? qsTr("Ny PIN-kode") : qsTr("PIN-kode")
                echoMode: TextInput.Password
                inputHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                onAccepted: page.choosing ? confirmation.input.forceActiveFocus() : page.submit()
            }
            FormField {
                id: confirmation
                objectName: "pinConfirmField"
                visible: page.choosing
                label: qsTr("Skriv PIN-koden en gang til")
                echoMode: TextInput.Password
                inputHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                onAccepted: page.submit()
            }
            Button {
                objectName: "biometricButton"
                visible: App.biometricReady && !page.waitingForServer
                flat: true
                text: qsTr("Lås opp med fingeravtrykk")
                Layout.fillWidth: true
                onClicked: App.unlockWithBiometrics()
            }
            Label {
                objectName: "pinError"
                visible: text !== ""
                text: App.lockError
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Button {
                objectName: "pinButton"
                visible: !page.waitingForServer
                text: page.choosing ? qsTr("Lagre PIN-kode") : qsTr("Lås opp")
                highlighted: true
                Material.elevation: 0 // the software renderer cannot draw the shadow layer
                Layout.fillWidth: true
                onClicked: page.submit()
            }
        }
    }
}
