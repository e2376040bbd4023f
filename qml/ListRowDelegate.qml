import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One row of a list: title, a line of detail and an optional time or date on the right, or under
// the detail when beside it the title would be squeezed to a few letters (large text, small phone).
ItemDelegate {
    id: row
    property string title
    property string subtitle
    property string owner // whose it is, in a team view
    property string trailing
    property bool warn: false

    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: Math.max(Theme.rowHeight, content.implicitHeight + 16)
    Accessible.name: title + (subtitle ? ", " + subtitle : "") + (trailing ? ", " + trailing : "")

    contentItem: GridLayout {
        id: content
        columnSpacing: Theme.spacing
        rowSpacing: 2
        // From the row's own width (the list's), which the columns do not change.
        columns: !when.visible || row.availableWidth - when.implicitWidth - columnSpacing >= Theme.fontTitle * 8 ? 2 : 1
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                text: row.title
                font.pixelSize: Theme.fontTitle
                // Two lines before anything is cut: names and employers on a narrow phone or with large text.
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                visible: text !== ""
                text: row.owner !== "" ? row.owner + " · " + row.subtitle : row.subtitle
                font.pixelSize: Theme.fontCaption
                color: Theme.muted
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        Label {
            id: when
            visible: text !== ""
            text: row.trailing
            font.pixelSize: Theme.fontCaption
            font.bold: row.warn
            color: row.warn ? Theme.warning : Theme.muted
        }
    }
}
