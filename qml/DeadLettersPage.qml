import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "Avviste endringer": changes the server refused for good, with its reason. Send one again
// (when the cause is fixed, for example after a colleague restored a record) or throw it away.
Page {
    id: page
    objectName: "deadLettersPage"
    title: qsTr("Avviste endringer")

    DeadLettersController { id: letters }

    ListView {
        id: list
        objectName: "deadLetterList"
        anchors.fill: parent
        anchors.topMargin: Theme.margin
        spacing: Theme.spacing
        clip: true
        model: letters.letters
        header: Label {
            width: list.width
            visible: letters.error !== ""
            height: visible ? implicitHeight : 0
            text: letters.error
            color: Theme.warning
            wrapMode: Text.WordWrap
            leftPadding: Theme.margin
            rightPadding: Theme.margin
        }
        delegate: ColumnLayout {
            id: letter
            required property var seq
            required property string title
            required property string subtitle
            required property string reason
            required property string when
            objectName: "deadLetter"
            width: Math.min(list.width, Theme.maxContentWidth)
            spacing: 2
            Accessible.role: Accessible.ListItem
            Accessible.name: title + ". " + reason

            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Label {
                    text: letter.title
                    font.pixelSize: 16
                    font.bold: true
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    text: letter.when
                    font.pixelSize: 13
                    color: Theme.muted
                }
            }
            Label {
                visible: text !== ""
                text: qsTr("Felt: %1").arg(letter.subtitle)
                font.pixelSize: 13
                color: Theme.muted
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
            }
            Label {
                objectName: "deadLetterReason"
                text: qsTr("Serveren svarte: %1").arg(letter.reason)
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.rightMargin: Theme.margin - 8
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "discardButton"
                    flat: true
                    text: qsTr("Forkast")
                    Accessible.name: qsTr("Forkast endringen av %1").arg(letter.title)
                    onClicked: letters.discard(letter.seq)
                }
                Button {
                    objectName: "retryButton"
                    flat: true
                    text: qsTr("Send på nytt")
                    Accessible.name: qsTr("Send endringen av %1 på nytt").arg(letter.title)
                    onClicked: letters.retry(letter.seq)
                }
            }
        }
        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0
            message: qsTr("Ingen avviste endringer. Endringer serveren ikke godtar, havner her så du kan sende dem på nytt eller forkaste dem.")
        }
    }
}
