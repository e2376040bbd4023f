pragma Singleton
import QtQuick

// Colours and spacing shared by the pages; Material supplies the rest.
QtObject {
    readonly property color primary: "#1f5f6b"
    readonly property color accent: "#e0803a"
    readonly property color warning: "#b3261e"
    readonly property color ok: "#2e7d32"
    readonly property color muted: "#5f6368"
    readonly property color band: "#e8f1f2"
    readonly property color attentionBand: "#fdecea"
    readonly property int spacing: 12
    readonly property int margin: 16
    readonly property int rowHeight: 64
    readonly property int maxContentWidth: 720
}
