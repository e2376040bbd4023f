import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A short message at the bottom of a page with an "Angre" button, after something was done with
// one tap (a task ticked off, a record deleted). show(text, undo) replaces any earlier one.
Rectangle {
    id: bar
    property var undoAction: null
    function show(message, undo) {
        text.text = message
        undoAction = undo
        visible = true
        timer.restart()
    }
    function hide() {
        timer.stop()
        visible = false
        undoAction = null
    }
    objectName: "undoBar"
    visible: false
    color: "#323232"
    radius: 4
    height: row.implicitHeight + 16
    anchors.left: parent.left
    anchors.right: parent.right
    anchors.bottom: parent.bottom
    anchors.margins: 8
    z: 10

    Timer {
        id: timer
        interval: 6000
        onTriggered: { bar.visible = false; bar.undoAction = null }
    }
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: 4
        Label {
            id: text
            color: "white"
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            objectName: "undoButton"
            visible: bar.undoAction !== null
            flat: true
            text: qsTr("Angre")
            palette.buttonText: Theme.accent
            onClicked: {
                var undo = bar.undoAction
                bar.visible = false
                bar.undoAction = null
                if (undo)
                    undo()
            }
        }
    }
}
