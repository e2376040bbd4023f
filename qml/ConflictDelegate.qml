import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One conflict: the value now and the other device's value side by side, a button under each,
// and an editor for writing a merged value.
Frame {
    id: card
    required property string conflictId
    required property string title
    required property string field
    required property string current
    required property string other
    required property string otherRaw
    signal keep()
    signal takeOther()
    signal merge(string text)

    width: ListView.view ? ListView.view.width - 2 * Theme.margin : implicitWidth
    // Wrapped labels in a layout need a fixed width to know their height.
    readonly property real half: (availableWidth - Theme.spacing) / 2
    x: Theme.margin
    Accessible.name: qsTr("%1, %2: nå %3, den andre %4").arg(title).arg(field).arg(current).arg(other)

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 8
        Label {
            text: card.title + " · " + card.field
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.preferredWidth: card.availableWidth
        }
        GridLayout {
            columns: 2
            columnSpacing: Theme.spacing
            Layout.fillWidth: true
            Label { text: qsTr("Nå"); color: Theme.muted; font.pixelSize: 12 }
            Label { text: qsTr("Den andre endringen"); color: Theme.muted; font.pixelSize: 12 }
            Label {
                objectName: "currentValue"
                text: card.current || qsTr("(tomt)")
                wrapMode: Text.WordWrap
                Layout.preferredWidth: card.half
                Layout.alignment: Qt.AlignTop
            }
            Label {
                objectName: "otherValue"
                text: card.other || qsTr("(tomt)")
                wrapMode: Text.WordWrap
                Layout.preferredWidth: card.half
                Layout.alignment: Qt.AlignTop
            }
            Button {
                objectName: "keepButton"
                text: qsTr("Behold")
                Layout.fillWidth: true
                Accessible.name: qsTr("Behold verdien som er nå")
                onClicked: card.keep()
            }
            Button {
                objectName: "takeOtherButton"
                text: qsTr("Bruk denne")
                Layout.fillWidth: true
                Accessible.name: qsTr("Bruk den andre verdien")
                onClicked: card.takeOther()
            }
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: merged
                objectName: "mergeField"
                Layout.fillWidth: true
                placeholderText: qsTr("Eller skriv en ny verdi")
                Accessible.name: qsTr("Ny verdi for %1").arg(card.field)
            }
            Button {
                objectName: "mergeButton"
                text: qsTr("Lagre")
                enabled: merged.text.trim() !== ""
                Accessible.name: qsTr("Lagre den nye verdien")
                onClicked: card.merge(merged.text)
            }
        }
    }
}
