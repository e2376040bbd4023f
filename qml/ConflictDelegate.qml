import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One conflict: the value in force and the other device's value, each saying who wrote it and
// when, one above the other so long texts are never cut; a button under each, and a multi-line
// editor for writing a merged value.
Frame {
    id: card
    required property string conflictId
    required property string title
    required property string field
    required property string current
    required property string other
    required property string otherRaw
    required property string currentLabel
    required property string otherLabel
    signal keep()
    signal takeOther()
    signal merge(string text)

    width: ListView.view ? Math.min(ListView.view.width, Theme.maxContentWidth) - 2 * Theme.margin : implicitWidth
    x: Theme.margin
    Accessible.name: qsTr("%1, %2: nå %3, den andre %4").arg(title).arg(field).arg(current).arg(other)

    ColumnLayout {
        width: card.availableWidth
        spacing: 8
        Label {
            text: card.title + " · " + card.field
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: card.currentLabel
            color: Theme.muted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "currentValue"
            text: card.current || qsTr("(tomt)")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            objectName: "keepButton"
            text: qsTr("Behold denne")
            Accessible.name: qsTr("Behold verdien som gjelder nå")
            onClicked: card.keep()
        }
        Label {
            text: card.otherLabel
            color: Theme.muted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
            Layout.topMargin: 4
        }
        Label {
            objectName: "otherValue"
            text: card.other || qsTr("(tomt)")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            objectName: "takeOtherButton"
            text: qsTr("Bruk denne")
            Accessible.name: qsTr("Bruk den andre verdien")
            onClicked: card.takeOther()
        }
        Label {
            text: qsTr("Eller skriv en ny verdi")
            color: Theme.muted
            font.pixelSize: Theme.fontSmall
            Layout.topMargin: 4
        }
        TextArea {
            id: merged
            objectName: "mergeField"
            wrapMode: TextEdit.Wrap
            Layout.fillWidth: true
            Accessible.name: qsTr("Ny verdi for %1").arg(card.field)
        }
        Button {
            objectName: "mergeButton"
            text: qsTr("Lagre ny verdi")
            enabled: merged.text.trim() !== ""
            Accessible.name: qsTr("Lagre den nye verdien")
            onClicked: card.merge(merged.text)
        }
    }
}
