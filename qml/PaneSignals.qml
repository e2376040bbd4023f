import QtQuick
import Feltnotat

// The signals of the page a pane (a StackView of Main.qml) shows, wired once for whatever page it is:
// opening a record or a top page, pushing a page, going back, and the notices of a page that is gone.
QtObject {
    id: wiring
    required property var pane
    // Main.qml's window, whose functions do the navigation.
    required property var main
    // The notice bar over every page ("Besøket er slettet. Angre").
    required property var noticeBar
    // The list pane: a record opened from its first page shows beside it on a wide window.
    property bool listPane: false

    readonly property Connections connections: Connections {
        target: wiring.pane.currentItem
        ignoreUnknownSignals: true
        function onOpenRecord(entity, recordId) {
            wiring.main.openRecord(entity, recordId, wiring.listPane && wiring.pane.depth === 1)
        }
        function onCaptureRequested() { wiring.main.openTop("capture") }
        function onPushRequested(file, props) {
            wiring.main.push(file, props, wiring.listPane && wiring.pane.depth === 1)
        }
        function onTopRequested(name) { wiring.main.leaveThen(() => wiring.main.openTop(name)) }
        function onDone() { wiring.main.pop() }
        function onGone(message) { wiring.main.pop(); wiring.noticeBar.show(message, null) }
        function onRemoved(entity, message) {
            wiring.main.pop()
            wiring.noticeBar.show(message, () => App.undoRemove())
        }
    }
}
