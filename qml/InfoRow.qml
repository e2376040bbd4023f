import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// A label over its value; a value with a link (tel:, mailto:) opens it when tapped.
ItemDelegate {
    id: row
    required property string label
    required property string value
    required property string link
    Layout.fillWidth: true
    padding: 4
    leftPadding: Theme.margin
    rightPadding: Theme.margin
    enabled: true
    hoverEnabled: false
    Accessible.name: label + ": " + value
    onClicked: if (link !== "") Qt.openUrlExternally(link)

    contentItem: ColumnLayout {
        spacing: 0
        Label {
            text: row.label
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: row.value
            font.pixelSize: Theme.fontSubtitle
            color: row.link !== "" ? Theme.primary : palette.text
            font.underline: row.link !== ""
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
}
