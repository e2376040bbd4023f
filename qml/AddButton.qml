import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Window
import Feltnotat

// The round "+" in the bottom right corner of a page.
RoundButton {
    property string label
    // In the wide (tablet) layout the list beside the button keeps this much clear on its right, in either
    // pane, so no time or date at the end of a row hides under it; a phone keeps the whole width and
    // scrolls past the button, as usual.
    readonly property real clearance: Window.width >= Theme.wideWidth ? width + 2 * anchors.margins : 0
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
