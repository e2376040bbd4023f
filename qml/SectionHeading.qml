import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A heading between the parts of a detail page.
Label {
    font.bold: true
    font.pixelSize: Theme.fontSubtitle
    color: Theme.primary
    leftPadding: Theme.margin
    topPadding: 16
    bottomPadding: 4
    rightPadding: Theme.margin
    wrapMode: Text.WordWrap
    Layout.fillWidth: true
    Accessible.role: Accessible.Heading
}
