import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// Account, sync, language and logging out (which removes the data on this phone).
Page {
    id: page
    objectName: "settingsPage"
    title: qsTr("Innstillinger")
    signal topRequested(string name)
    signal pushRequested(string file, var props)

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: Math.min(scroll.availableWidth, Theme.maxContentWidth)
            spacing: 4

            SectionHeading { text: qsTr("Konto") }
            InfoRow {
                label: qsTr("Bruker")
                value: App.userName || qsTr("Ikke logget inn")
                link: ""
            }
            InfoRow {
                label: qsTr("Server")
                value: App.demo ? qsTr("Demo uten server") : (App.serverUrl || "–")
                link: ""
            }
            SectionHeading { text: qsTr("Synkronisering") }
            InfoRow {
                label: App.sync.stateText
                value: App.sync.detailText
                link: ""
            }
            Button {
                objectName: "settingsSyncNow"
                text: qsTr("Synkroniser nå")
                enabled: App.signedIn && !App.demo && !App.sync.busy
                Layout.leftMargin: Theme.margin
                onClicked: App.sync.syncNow()
            }
            Button {
                objectName: "settingsDeadLetters"
                flat: true
                visible: App.sync.deadLetterCount > 0
                text: qsTr("Avviste endringer (%1)").arg(App.sync.deadLetterCount)
                Accessible.name: qsTr("Se endringer serveren avviste")
                Layout.leftMargin: Theme.margin - 8
                onClicked: page.topRequested("deadLetters")
            }
            SectionHeading { text: qsTr("Språk") }
            Flow { // side by side where they fit, one under the other with large text
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.fillWidth: true
                RadioButton {
                    objectName: "languageNb"
                    text: "Norsk bokmål"
                    checked: App.language === "nb"
                    onToggled: if (checked) App.language = "nb"
                }
                RadioButton {
                    objectName: "languageEn"
                    text: "English"
                    checked: App.language === "en"
                    onToggled: if (checked) App.language = "en"
                }
            }
            SectionHeading {
                visible: App.lockEnabled
                text: qsTr("Sikkerhet")
            }
            // The label above its drop-down, as in the forms: beside it, the choice had a third of a
            // phone's width and "5 minutter uten bruk" broke over four lines.
            Label {
                visible: App.lockEnabled
                text: qsTr("Lås etter")
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
            }
            WrappingComboBox {
                id: idleChoice
                objectName: "idleLockChoice"
                visible: App.lockEnabled
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                // At most what the server's policy allows, and its own value.
                readonly property var offered: [1, 2, 5, 10, 15, 30]
                readonly property var minutes: idleChoice.offered
                    .filter(m => App.idleLockPolicy === 0 || m <= App.idleLockPolicy)
                    .concat(idleChoice.offered.indexOf(App.idleLockPolicy) < 0 && App.idleLockPolicy > 0
                            ? [App.idleLockPolicy] : [])
                model: idleChoice.minutes.map(m => qsTr("%n minutter uten bruk", "", m))
                currentIndex: Math.max(0, idleChoice.minutes.indexOf(App.idleLockMinutes))
                Accessible.name: qsTr("Lås appen etter så lang tid uten bruk")
                onActivated: index => App.idleLockMinutes = idleChoice.minutes[index]
            }
            Label {
                objectName: "idleLockPolicyNote"
                visible: App.lockEnabled && App.idleLockPolicy > 0
                text: qsTr("Arbeidsgiveren din har bestemt at appen låses etter høyst %n minutter uten bruk.", "",
                           App.idleLockPolicy)
                color: Theme.muted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
                leftPadding: Theme.margin
                rightPadding: Theme.margin
                Layout.fillWidth: true
            }
            // Only where the platform has biometric unlock (Android, iOS; platform/biometricunlock.h).
            Switch {
                id: biometricSwitch
                objectName: "biometricSwitch"
                visible: App.lockEnabled && App.pinChosen && App.biometricAvailable
                text: qsTr("Lås opp med fingeravtrykk")
                checked: App.biometricReady
                Layout.leftMargin: Theme.margin
                onToggled: {
                    if (checked) {
                        biometricDialog.open() // the PIN first: it is what the fingerprint releases
                    } else {
                        App.disableBiometricUnlock()
                    }
                    checked = Qt.binding(() => App.biometricReady)
                }
            }
            Button {
                objectName: "changePinButton"
                visible: App.lockEnabled && App.pinChosen
                text: qsTr("Bytt PIN-kode")
                Layout.leftMargin: Theme.margin
                onClicked: page.pushRequested("ChangePinPage.qml", {})
            }
            SectionHeading { text: qsTr("Logg ut") }
            Label {
                text: App.sync.pendingCount > 0
                      ? qsTr("Når du logger ut, slettes alle data fra denne telefonen. %n endringer er ikke sendt ennå.", "", App.sync.pendingCount)
                      : qsTr("Når du logger ut, slettes alle data fra denne telefonen.")
                wrapMode: Text.WordWrap
                leftPadding: Theme.margin
                rightPadding: Theme.margin
                Layout.fillWidth: true
            }
            Button {
                objectName: "logoutButton"
                text: qsTr("Logg ut")
                Layout.leftMargin: Theme.margin
                Layout.bottomMargin: Theme.margin
                onClicked: confirm.open()
            }
        }
    }

    LogoutDialog { id: confirm }

    Dialog {
        id: biometricDialog
        objectName: "biometricDialog"
        title: qsTr("Lås opp med fingeravtrykk")
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(page.width - 2 * Theme.margin, 440)
        property string error
        onOpened: {
            error = ""
            biometricPin.text = ""
            biometricPin.input.forceActiveFocus()
        }
        function confirm() {
            biometricDialog.error = App.enableBiometricUnlock(biometricPin.text)
            biometricPin.text = ""
            if (biometricDialog.error === "")
                biometricDialog.close()
        }
        ColumnLayout {
            width: biometricDialog.availableWidth
            spacing: Theme.spacing
            Label {
                text: qsTr("Skriv PIN-koden din. Etterpå kan du låse opp appen med fingeravtrykket i stedet.")
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            FormField {
                id: biometricPin
                objectName: "biometricPinField"
                label: qsTr("PIN-kode")
                echoMode: TextInput.Password
                inputHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                error: biometricDialog.error
                onAccepted: biometricDialog.confirm()
            }
            Flow {
                spacing: 8
                layoutDirection: Qt.RightToLeft
                Layout.fillWidth: true
                Button {
                    objectName: "biometricConfirm"
                    text: qsTr("Slå på")
                    flat: true
                    onClicked: biometricDialog.confirm()
                }
                Button {
                    objectName: "biometricCancel"
                    text: qsTr("Avbryt")
                    flat: true
                    onClicked: biometricDialog.reject()
                }
            }
        }
    }
}
