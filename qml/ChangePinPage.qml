import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// "Bytt PIN-kode" under Innstillinger: the current PIN, then the new one twice. The data key is
// wrapped again under the new PIN; the data itself is not re-encrypted. Wrong current PINs count
// towards the ten that wipe the phone, as on the lock page.
Page {
    id: page
    objectName: "changePinPage"
    title: qsTr("Bytt PIN-kode")
    property string error
    signal gone(string message)

    function submit() {
        var problem = App.changePin(current.text, fresh.text, confirmation.text)
        if (App.locked)
            return // the last wrong PIN: the data is wiped and this page is gone
        current.text = ""
        fresh.text = ""
        confirmation.text = ""
        page.error = problem
        if (problem === "")
            page.gone(qsTr("PIN-koden er byttet."))
        else
            current.input.forceActiveFocus()
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: Math.min(scroll.availableWidth, 420) - 2 * Theme.margin
            x: (scroll.availableWidth - width) / 2
            spacing: Theme.spacing

            Label {
                text: qsTr("Den nye PIN-koden må ha minst 6 sifre og ikke være en enkel rekke som 123456.")
                wrapMode: Text.WordWrap
                color: Theme.muted
                Layout.fillWidth: true
                Layout.topMargin: Theme.margin
            }
            Label {
                objectName: "changePinWarning"
                visible: App.pinAttemptsLeft <= 3
                text: qsTr("Etter %n feil forsøk til slettes alle data på telefonen.", "", App.pinAttemptsLeft)
                wrapMode: Text.WordWrap
                padding: Theme.spacing
                color: Theme.warning
                Layout.fillWidth: true
                background: Rectangle { color: Theme.attentionBand; radius: 4 }
            }
            FormField {
                id: current
                objectName: "currentPinField"
                label: qsTr("Nåværende PIN-kode")
                echoMode: TextInput.Password
                inputHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                onAccepted: fresh.input.forceActiveFocus()
            }
            FormField {
                id: fresh
                objectName: "newPinField"
                label: qsTr("Ny PIN-kode")
                echoMode: TextInput.Password
                inputHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                onAccepted: confirmation.input.forceActiveFocus()
            }
            FormField {
                id: confirmation
                objectName: "newPinConfirmField"
                label: qsTr("Skriv den nye PIN-koden en gang til")
                echoMode: TextInput.Password
                inputHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                onAccepted: page.submit()
            }
            Label {
                objectName: "changePinError"
                visible: text !== ""
                text: page.error
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Button {
                objectName: "changePinSave"
                text: qsTr("Bytt PIN-kode")
                highlighted: true
                Material.elevation: 0 // the software renderer cannot draw the shadow layer
                Layout.fillWidth: true
                onClicked: page.submit()
            }
        }
    }
}
