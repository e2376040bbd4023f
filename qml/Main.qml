import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// The window: header with menu and title, the sync bar, and a stack of pages. The login page
// replaces everything while nobody is logged in.
ApplicationWindow {
    id: window
    width: 360
    height: 640
    visible: true
    title: "Feltnotat"
    Material.theme: Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.accent

    property string currentPage: "today"

    // Top-level pages, by name; detail pages are pushed on top of them.
    readonly property var topPages: ({
        today: "TodayPage.qml", capture: "CapturePage.qml", participants: "ParticipantListPage.qml",
        employers: "EmployerListPage.qml", search: "SearchPage.qml", tasks: "TasksPage.qml",
        conflicts: "ConflictsPage.qml", week: "WeekPage.qml", settings: "SettingsPage.qml",
        deadLetters: "DeadLettersPage.qml"
    })

    function openTop(name) {
        if (!topPages[name])
            return false
        stack.replace(null, Qt.resolvedUrl(topPages[name]), {}, StackView.Immediate)
        currentPage = name
        return stack.currentItem !== null
    }
    function push(file, props) {
        stack.push(Qt.resolvedUrl(file), props || {})
        return stack.currentItem !== null
    }
    function openRecord(entity, recordId) {
        if (entity === "participant")
            return push("ParticipantPage.qml", { recordId: recordId })
        if (entity === "employer")
            return push("EmployerPage.qml", { recordId: recordId })
        if (entity === "encounter" || entity === "task") {
            var owner = App.ownerOf(entity, recordId)
            if (owner.entity)
                return openRecord(owner.entity, owner.id)
        }
        return false
    }
    // For --screenshot and --self-test: shows one page by name (GuiRunner::pages()).
    function showPage(name) {
        if (name === "login")
            return stack.push(Qt.resolvedUrl("LoginPage.qml"), {}, StackView.Immediate) !== null
        if (topPages[name])
            return openTop(name)
        var base = name.indexOf("participant") === 0 || name === "employmentAdd" ? "participant" : "employer"
        var id = App.firstRecordId(base)
        if (!openTop(base + "s") || id === "")
            return false
        if (name === "employerAdd")
            return push("RecordEditPage.qml", { entity: "employer" })
        openRecord(base, id)
        if (name === "participantEdit")
            return push("RecordEditPage.qml", { entity: "participant", recordId: id })
        if (name === "contactAdd" || name === "employmentAdd")
            return push("RecordEditPage.qml", { entity: name === "contactAdd" ? "contact" : "employment",
                                                recordId: "", presets: base === "employer"
                                                    ? { employer_id: id } : { participant_id: id } })
        return true
    }

    header: ToolBar {
        // Flat: elevation shadows are layers the software renderer (screenshots, tests) cannot draw.
        Material.elevation: 0
        Material.background: Theme.primary
        Material.foreground: "white"
        RowLayout {
            anchors.fill: parent
            ToolButton {
                objectName: "menuButton"
                text: stack.depth > 1 ? "‹" : "☰"
                font.pixelSize: 22
                Accessible.name: stack.depth > 1 ? qsTr("Tilbake") : qsTr("Meny")
                visible: App.signedIn
                onClicked: stack.depth > 1 ? stack.pop() : drawer.open()
            }
            Label {
                text: stack.currentItem && stack.currentItem.title ? stack.currentItem.title : "Feltnotat"
                font.pixelSize: 18
                elide: Label.ElideRight
                Layout.fillWidth: true
                Layout.leftMargin: App.signedIn ? 0 : Theme.margin
            }
        }
    }

    NavDrawer {
        id: drawer
        height: window.height
        current: window.currentPage
        interactive: App.signedIn
        onPageChosen: name => window.openTop(name)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        SyncBar {
            Layout.fillWidth: true
            visible: App.signedIn
            onConflictsRequested: window.openTop("conflicts")
            onDeadLettersRequested: window.openTop("deadLetters")
        }
        StackView {
            id: stack
            objectName: "stack"
            Layout.fillWidth: true
            Layout.fillHeight: true
            // A string, not Qt.resolvedUrl(): StackView in Qt 6.4 ignores a url object here and starts
            // empty (the blank first page of the December review; tests/app/tst_appstart.cpp).
            initialItem: String(Qt.resolvedUrl(App.signedIn ? "TodayPage.qml" : "LoginPage.qml"))
        }
    }

    Connections {
        target: App
        function onSignedInChanged() {
            stack.replace(null, Qt.resolvedUrl(App.signedIn ? "TodayPage.qml" : "LoginPage.qml"), {},
                          StackView.Immediate)
            window.currentPage = "today"
        }
    }
    // Page signals, wired once for whatever page is shown.
    Connections {
        target: stack.currentItem
        ignoreUnknownSignals: true
        function onOpenRecord(entity, recordId) { window.openRecord(entity, recordId) }
        function onCaptureRequested() { window.openTop("capture") }
        function onPushRequested(file, props) { window.push(file, props) }
        function onTopRequested(name) { window.openTop(name) }
        function onDone() { if (stack.depth > 1) stack.pop(); else window.openTop("today") }
    }
}
