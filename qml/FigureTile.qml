import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One figure on "Min uke": a big number and what it counts.
Rectangle {
    id: tile
    property string value
    property string caption
    property bool good: true
    readonly property int padding: 6
    implicitHeight: col.implicitHeight + 2 * tile.padding
    Layout.fillWidth: true
    Layout.fillHeight: true // tiles of one row have the same height
    radius: 8
    color: Theme.band
    Accessible.role: Accessible.StaticText
    Accessible.name: caption + ": " + value

    ColumnLayout {
        id: col
        anchors.fill: parent
        anchors.margins: tile.padding
        spacing: 0
        Label {
            text: tile.value
            font.pixelSize: Theme.fontHeadline
            font.bold: true
            color: tile.good ? Theme.primary : Theme.warning
        }
        Label {
            text: tile.caption
            font.pixelSize: Theme.fontCaption
            color: Theme.muted
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
}
