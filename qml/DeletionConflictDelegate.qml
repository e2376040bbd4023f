import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A delete that met the user's edit: who deleted it and when, the user's own version of the record
// (kept only here), for a participant what went with it (its visits, tasks and employments, which
// "Gjenopprett" brings back too), and the two ways out. A notice that a colleague restored something the user
// deleted has only "OK".
Frame {
    id: card
    required property string conflictId
    required property string title
    required property string message
    required property string details
    required property string along
    required property bool restorable
    required property bool live // restored since: the user's version against what stands now
    signal restore()
    signal accept()

    width: ListView.view ? Math.min(ListView.view.width, Theme.maxContentWidth) - 2 * Theme.margin : implicitWidth
    x: Theme.margin
    Accessible.name: card.title + ": " + card.message

    ColumnLayout {
        width: card.availableWidth
        spacing: 8
        Label {
            text: card.title
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "deletionMessage"
            text: card.message
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            visible: card.restorable && card.details !== ""
            text: qsTr("Din versjon")
            color: Theme.muted
            font.pixelSize: Theme.fontSmall
            Layout.topMargin: 4
        }
        Label {
            objectName: "deletionDetails"
            visible: card.restorable && card.details !== ""
            text: card.details
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            visible: card.restorable && card.along !== ""
            text: qsTr("Slettet sammen med deltakeren")
            color: Theme.muted
            font.pixelSize: Theme.fontSmall
            Layout.topMargin: 4
        }
        Label {
            objectName: "deletionAlong"
            visible: card.restorable && card.along !== ""
            text: card.along
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        RowLayout {
            spacing: 8
            Button {
                objectName: "restoreButton"
                visible: card.restorable
                text: card.live ? qsTr("Bruk min versjon") : qsTr("Gjenopprett")
                Accessible.name: card.live ? qsTr("Bruk din versjon i stedet for den som står der nå")
                                           : qsTr("Gjenopprett med din versjon")
                onClicked: card.restore()
            }
            Button {
                objectName: "acceptButton"
                text: card.live ? qsTr("Behold") : card.restorable ? qsTr("Godta sletting") : qsTr("OK")
                Accessible.name: card.live ? qsTr("Behold det som står der nå")
                                           : card.restorable ? qsTr("Godta at den er slettet") : qsTr("Fjern meldingen")
                onClicked: card.accept()
            }
        }
    }
}
