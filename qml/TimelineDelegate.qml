import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One entry of a timeline or visit history: what, a line of detail, and the date.
ColumnLayout {
    id: entry
    required property string title
    required property string subtitle
    required property string when
    spacing: 0
    Layout.fillWidth: true
    Layout.leftMargin: Theme.margin
    Layout.rightMargin: Theme.margin
    Layout.topMargin: 6
    Accessible.role: Accessible.ListItem
    Accessible.name: when + ", " + title + (subtitle ? ", " + subtitle : "")

    RowLayout {
        Layout.fillWidth: true
        Label {
            text: entry.title
            font.pixelSize: 15
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            text: entry.when
            font.pixelSize: 13
            color: Theme.muted
        }
    }
    Label {
        visible: text !== ""
        text: entry.subtitle
        font.pixelSize: 13
        color: Theme.muted
        wrapMode: Text.WordWrap
        maximumLineCount: 3
        elide: Text.ElideRight
        Layout.fillWidth: true
    }
}
