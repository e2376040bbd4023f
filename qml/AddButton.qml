import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Feltnotat

// The round "+" in the bottom right corner of a page.
RoundButton {
    property string label
    anchors.right: parent.right
    anchors.bottom: parent.bottom
    anchors.margins: Theme.margin
    width: 64
    height: 64
    contentItem: Icon { name: "add"; color: "white" }
    highlighted: true
    // Flat: elevation shadows are layers the software renderer (screenshots, tests) cannot draw.
    Material.elevation: 0
    Material.accent: Theme.accent
    Accessible.name: label
}
