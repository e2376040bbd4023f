import QtQuick
import QtQuick.Controls

// A drop-down whose chosen value wraps onto a second line instead of being cut off, so that it
// stays readable with large text (the style's own value field shows only the beginning).
ComboBox {
    id: box
    contentItem: Label {
        // As the style places its value: clear of the edge, the arrow on the other side.
        leftPadding: box.mirrored ? 0 : 12
        rightPadding: box.mirrored ? 12 : 0
        topPadding: 6
        bottomPadding: 6
        text: box.displayText
        font: box.font
        wrapMode: Text.WordWrap
        verticalAlignment: Text.AlignVCenter
    }
}
