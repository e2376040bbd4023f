import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// Logging in once; after that the app opens straight into its data, with or without network.
// After the server signed the phone out, it says why and keeps the server and user filled in.
Page {
    id: page
    objectName: "loginPage"
    title: qsTr("Logg inn")

    LoginController {
        id: login
        app: App
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
                text: "Feltnotat"
                font.pixelSize: Theme.fontHeadline
                font.bold: true
                color: Theme.primary
                Layout.topMargin: 24
            }
            Label {
                text: qsTr("Notater og oppfølging ute i felten. Logg inn med kontoen fra arbeidsgiveren din.")
                wrapMode: Text.WordWrap
                color: Theme.muted
                Layout.fillWidth: true
            }
            Label {
                objectName: "signedOutReason"
                visible: text !== ""
                text: App.signedOutReason
                wrapMode: Text.WordWrap
                padding: Theme.spacing
                Layout.fillWidth: true
                background: Rectangle { color: Theme.attentionBand; radius: 4 }
            }
            FormField {
                id: server
                objectName: "loginServer"
                label: qsTr("Serveradresse")
                placeholder: qsTr("for eksempel feltnotat.kommune.no")
                text: App.prefillServer
                enabled: !login.busy
                inputHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
            }
            FormField {
                id: user
                objectName: "loginUser"
                label: qsTr("Brukernavn")
                text: App.prefillUser
                enabled: !login.busy
                inputHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
            }
            FormField {
                id: password
                objectName: "loginPassword"
                label: qsTr("Passord")
                enabled: !login.busy
                echoMode: TextInput.Password
                onAccepted: login.login(server.text, user.text, password.text)
            }
            Label {
                objectName: "loginError"
                visible: text !== ""
                text: login.error
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Button {
                objectName: "loginButton"
                text: login.busy ? qsTr("Logger inn …") : qsTr("Logg inn")
                highlighted: true
                Material.elevation: 0 // the software renderer cannot draw the shadow layer
                enabled: !login.busy
                Layout.fillWidth: true
                onClicked: login.login(server.text, user.text, password.text)
            }
            Button {
                objectName: "loginCancel"
                visible: login.busy
                flat: true
                text: qsTr("Avbryt")
                Accessible.name: qsTr("Avbryt innloggingen")
                Layout.alignment: Qt.AlignHCenter
                onClicked: login.cancel()
            }
        }
    }
}
