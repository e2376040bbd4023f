import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One entry of a timeline or visit history: what, a line of detail, and the date; tapping it
// opens the record.
ItemDelegate {
    id: entry
    required property string title
    required property string subtitle
    required property string when
    Layout.fillWidth: true
    topPadding: 6
    bottomPadding: 6
    leftPadding: Theme.margin
    rightPadding: Theme.margin
    Accessible.role: Accessible.Button
    Accessible.name: when + ", " + title + (subtitle ? ", " + subtitle : "")

    contentItem: ColumnLayout {
        spacing: 0
        RowLayout {
            Layout.fillWidth: true
            Label {
                text: entry.title
                font.pixelSize: Theme.fontSubtitle
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: entry.when
                font.pixelSize: Theme.fontCaption
                color: Theme.muted
            }
        }
        Label {
            visible: text !== ""
            text: entry.subtitle
            font.pixelSize: Theme.fontCaption
            color: Theme.muted
            wrapMode: Text.WordWrap
            maximumLineCount: 3
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
    }
}
