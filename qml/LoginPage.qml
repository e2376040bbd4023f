import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// Logging in once; after that the app opens straight into its data, with or without network.
Page {
    id: page
    objectName: "loginPage"
    title: qsTr("Logg inn")

    LoginController { id: login }

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
                font.pixelSize: 28
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
            FormField {
                id: server
                objectName: "loginServer"
                label: qsTr("Serveradresse")
                text: App.prefillServer
                inputHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
            }
            FormField {
                id: user
                objectName: "loginUser"
                label: qsTr("Brukernavn")
                text: App.prefillUser
                inputHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
            }
            FormField {
                id: password
                objectName: "loginPassword"
                label: qsTr("Passord")
                Component.onCompleted: input.echoMode = TextInput.Password
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
        }
    }
}
