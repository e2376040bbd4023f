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
    signal pushRequested(string file, var props)

    DeadLettersController {
        id: letters
        app: App
    }

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
            required property string entity
            required property string recordId
            required property bool exists
            required property bool wasNew
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
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    text: letter.when
                    font.pixelSize: Theme.fontCaption
                    color: Theme.muted
                }
            }
            Label {
                visible: text !== ""
                objectName: "deadLetterFields"
                text: letter.subtitle
                font.pixelSize: Theme.fontCaption
                color: Theme.muted
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
            }
            Label {
                objectName: "deadLetterReason"
                text: letter.reason
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
            }
            Flow {
                Layout.fillWidth: true
                Layout.rightMargin: Theme.margin - 8
                layoutDirection: Qt.RightToLeft
                Button {
                    objectName: "discardButton"
                    flat: true
                    text: qsTr("Forkast")
                    Accessible.name: qsTr("Forkast endringen av %1").arg(letter.title)
                    onClicked: {
                        discardDialog.seq = letter.seq
                        discardDialog.open()
                    }
                }
                Button {
                    objectName: "editRetryButton"
                    visible: letter.exists || letter.wasNew
                    flat: true
                    text: qsTr("Rediger og send igjen")
                    Accessible.name: qsTr("Rediger %1 og send igjen").arg(letter.title)
                    // The form opens with the refused values; the refused change goes once the edit is saved.
                    onClicked: page.pushRequested("RecordEditPage.qml", {
                        entity: letter.entity, recordId: letter.exists ? letter.recordId : "",
                        refusedChange: letter.seq
                    })
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

    ConfirmDialog {
        id: discardDialog
        objectName: "discardLetterDialog"
        property var seq: 0
        title: qsTr("Forkaste endringen?")
        message: qsTr("Endringen slettes fra telefonen og blir aldri sendt.")
        confirmText: qsTr("Forkast")
        onConfirmed: letters.discard(seq)
    }
}
