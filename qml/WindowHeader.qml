import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// The window's header: the menu button, or the back arrow over a pushed page, and the page's title.
ToolBar {
    id: bar
    // The button is shown (signed in, and a pushed page or a window too narrow for the open menu).
    property bool buttonShown
    // A pushed page: the back arrow instead of the menu.
    property bool back
    property string title
    signal backRequested()
    signal menuRequested()

    // Flat: elevation shadows are layers the software renderer (screenshots, tests) cannot draw.
    Material.elevation: 0
    Material.background: Theme.primary
    Material.foreground: "white"
    RowLayout {
        anchors.fill: parent
        spacing: 0
        ToolButton {
            objectName: "menuButton"
            visible: bar.buttonShown
            contentItem: Icon { name: bar.back ? "back" : "menu"; color: "white" }
            Accessible.name: bar.back ? qsTr("Tilbake") : qsTr("Meny")
            Layout.preferredWidth: 56
            Layout.preferredHeight: 56
            onClicked: bar.back ? bar.backRequested() : bar.menuRequested()
        }
        Label {
            objectName: "pageTitle"
            text: bar.title
            font.pixelSize: Theme.fontHeader
            elide: Label.ElideRight
            Layout.fillWidth: true
            Layout.leftMargin: bar.buttonShown ? 0 : Theme.margin
        }
    }
}
