import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// The window: header with menu or back button and title, the sync bar, and a stack of pages. The
// login page replaces everything while nobody is logged in, and the lock page (LockPage.qml) while the
// app is locked: then every other page is unloaded and the store is closed. From Theme.wideWidth the menu stays
// open beside the pages. Back (the system Back key, Esc, the back arrow, closing the window) goes
// back one page, and asks first when the page has unsaved edits (a page says so with `dirty`).
ApplicationWindow {
    id: window
    width: 360
    height: 640
    visible: true
    title: "Feltnotat"
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontBody
    font.capitalization: Font.MixedCase // sentence-case buttons and tabs, not Material 2's capitals
    Material.theme: Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.accent

    property string currentPage: "today"
    readonly property bool wide: width >= Theme.wideWidth
    // Signed in and not held on the lock page by the offline policy (App.contactLocked): the menu,
    // the sync bar and the record pages are there.
    readonly property bool inApp: App.signedIn && !App.contactLocked
    readonly property bool dirty: window.edits(stack.currentItem) || window.edits(detail.currentItem)
    // On a wide window a record opened from a list shows beside it (list and detail).
    // A narrow window shows only the detail pane while it has pages (e.g. after a rotation).
    readonly property bool detailShown: window.inApp && detail.depth > 0
    readonly property bool twoPanes: wide && detailShown
    readonly property Page topPage: (detailShown ? detail.currentItem : stack.currentItem) as Page
    readonly property int depth: stack.depth + detail.depth

    // Top-level pages, by name; detail pages are pushed on top of them.
    readonly property var topPages: ({
        today: "TodayPage.qml", capture: "CapturePage.qml", participants: "ParticipantListPage.qml",
        employers: "EmployerListPage.qml", search: "SearchPage.qml", tasks: "TasksPage.qml",
        conflicts: "ConflictsPage.qml", week: "WeekPage.qml", settings: "SettingsPage.qml",
        deadLetters: "DeadLettersPage.qml"
    })

    // The page a start, an unlock, a lock or a login change leads to. A function, not a binding: the
    // handlers below run on the same signals as a binding would, possibly before it (a login after
    // choosing the PIN stayed on the login page).
    function startPage(): string {
        return App.locked || App.contactLocked ? "LockPage.qml" : App.signedIn ? "TodayPage.qml" : "LoginPage.qml"
    }
    function showStart() {
        leaveDialog.pending = null
        leaveDialog.close()
        if (!window.wide)
            drawer.close()
        notice.hide()
        detail.clear(StackView.Immediate)
        stack.replace(null, Qt.resolvedUrl(window.startPage()), {}, StackView.Immediate)
        window.currentPage = "today"
    }

    // The form being edited when the app locked (Main.qml drops every page while locked), kept in
    // memory only, never on disk, and opened again with its edits after the PIN; dropped when the
    // data is wiped. Quick capture keeps its draft in the encrypted store, so only the page is noted.
    property var heldAtLock: null
    function holdEdits() {
        if (!App.signedIn) // a wipe or a log-out: nothing to come back to (the lock page holds no form)
            return
        const form = window.topPage as RecordEditPage
        const capture = window.topPage as CapturePage
        if (form !== null && form.dirty)
            heldAtLock = Object.assign(form.held(), { top: window.currentPage, userId: App.userId })
        else if (capture !== null && capture.hasDraft)
            heldAtLock = { top: "capture", userId: App.userId }
    }
    function resumeEdits() {
        const held = heldAtLock
        if (!held || !window.inApp || App.locked)
            return
        heldAtLock = null
        if (held.userId !== App.userId || !openTop(held.top) || !held.page)
            return
        if (!push(held.page, held.props, false))
            return
        const form = window.topPage as RecordEditPage
        if (form !== null)
            form.restoreHeld(held)
    }

    // Whether a page holds unsaved edits (a form: RecordEditPage.dirty).
    function edits(page: Item): bool {
        const form = page as RecordEditPage
        return form !== null && form.dirty
    }
    function openTop(name) {
        if (!topPages[name])
            return false
        detail.clear(StackView.Immediate)
        stack.replace(null, Qt.resolvedUrl(topPages[name]), {}, StackView.Immediate)
        currentPage = name
        return stack.currentItem !== null
    }
    // Pushes a page: beside the list on a wide window (replacing what was there when it comes
    // from the list itself), else on top.
    function push(file, props, fromList) {
        var target = detail.depth > 0 || (wide && stack.depth === 1) ? detail : stack
        if (target === detail && fromList)
            detail.replace(null, Qt.resolvedUrl(file), props || {}, StackView.Immediate)
        else
            target.push(Qt.resolvedUrl(file), props || {})
        return target.currentItem !== null
    }
    readonly property var recordPages: ({
        participant: "ParticipantPage.qml", employer: "EmployerPage.qml", encounter: "EncounterPage.qml",
        task: "TaskPage.qml"
    })
    function openRecord(entity, recordId, fromList) {
        if (recordPages[entity])
            return push(recordPages[entity], { recordId: recordId }, fromList)
        if (entity === "contact" || entity === "workplace") {
            var owner = App.ownerOf(entity, recordId)
            if (owner.entity)
                return openRecord(owner.entity, owner.id, fromList)
        }
        return false
    }
    // Back one page in whichever pane the page is.
    function pop() {
        if (detail.depth > 1)
            detail.pop()
        else if (detail.depth === 1)
            detail.clear()
        else if (stack.depth > 1)
            stack.pop()
        else
            openTop("today")
    }
    // Runs `action` now, or after the user agreed to drop the edits of the page on top.
    function leaveThen(action) {
        if (!dirty) {
            action()
            return
        }
        leaveDialog.pending = action
        leaveDialog.open()
    }
    // One step back; false when there is nowhere to go (then closing the window may quit).
    function goBack() {
        if (leaveDialog.opened) {
            leaveDialog.reject()
            return true
        }
        if (drawer.opened && !wide) {
            drawer.close()
            return true
        }
        if (!window.inApp)
            return false
        if (stack.depth > 1 || detail.depth > 0) {
            leaveThen(() => pop())
            return true
        }
        if (currentPage !== "today") {
            leaveThen(() => openTop("today"))
            return true
        }
        return false
    }
    // For --screenshot and --self-test: shows one page by name (GuiRunner::pages()).
    function showPage(name) {
        if (name === "login")
            return stack.push(Qt.resolvedUrl("LoginPage.qml"), {}, StackView.Immediate) !== null
        if (topPages[name])
            return openTop(name)
        if (name === "encounter" || name === "task") {
            var recordId = App.firstRecordId(name)
            return recordId !== "" && openTop("today") && openRecord(name, recordId)
        }
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

    // The system Back key (Android) and Esc, wherever the focus is; an open dialog takes Esc first.
    Shortcut {
        sequences: ["Back", "Esc"]
        onActivated: window.goBack()
    }
    onClosing: close => {
        if (goBack())
            close.accepted = false
    }

    header: WindowHeader {
        buttonShown: window.inApp && (window.depth > 1 || !window.wide)
        back: window.depth > 1
        title: window.topPage && window.topPage.title ? window.topPage.title : "Feltnotat"
        onBackRequested: window.goBack()
        onMenuRequested: drawer.open()
    }

    NavDrawer {
        id: drawer
        objectName: "navDrawer"
        y: window.header.height
        height: window.height - window.header.height
        current: window.currentPage
        modal: !window.wide
        interactive: window.inApp && !window.wide
        position: window.wide && window.inApp ? 1 : 0
        visible: window.wide && window.inApp
        onPageChosen: name => window.leaveThen(() => window.openTop(name))
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: window.wide && window.inApp ? drawer.width : 0
        spacing: 0
        SyncBar {
            Layout.fillWidth: true
            visible: window.inApp
            onConflictsRequested: window.leaveThen(() => window.openTop("conflicts"))
            onDeadLettersRequested: window.leaveThen(() => window.openTop("deadLetters"))
        }
        RowLayout {
            spacing: 0
            Layout.fillWidth: true
            Layout.fillHeight: true
        StackView {
            id: stack
            objectName: "stack"
            focus: true
            visible: !window.detailShown || window.wide
            Layout.fillWidth: !window.twoPanes
            Layout.preferredWidth: window.twoPanes ? Math.min(440, parent.width * 0.42) : -1
            Layout.fillHeight: true
            // A string, not Qt.resolvedUrl(): StackView in Qt 6.4 ignores a url object here and starts
            // empty (the blank first page of the December review; tests/app/tst_appstart.cpp).
            initialItem: String(Qt.resolvedUrl(window.startPage()))
        }
        Rectangle {
            visible: window.twoPanes
            color: Theme.divider
            Layout.preferredWidth: 1
            Layout.fillHeight: true
        }
        StackView {
            id: detail
            objectName: "detailStack"
            visible: window.detailShown
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
        }
    }

    ConfirmDialog {
        id: leaveDialog
        objectName: "leaveDialog"
        property var pending: null
        title: qsTr("Forkaste endringene?")
        message: qsTr("Du har endringer som ikke er lagret. Går du tilbake nå, forsvinner de.")
        cancelText: qsTr("Fortsett å redigere")
        confirmText: qsTr("Forkast endringene")
        onConfirmed: {
            var action = pending
            pending = null
            if (action)
                action()
        }
        onRejected: pending = null
    }

    Connections {
        target: App
        function onSignedInChanged() {
            if (!App.locked)
                window.showStart()
        }
        function onLockedChanged() {
            if (App.locked)
                window.holdEdits()
            window.showStart()
            window.resumeEdits()
        }
        function onContactLockChanged() {
            if (App.contactLocked)
                window.holdEdits()
            window.showStart()
            window.resumeEdits()
        }
        function onDataWiped() { window.heldAtLock = null }
    }
    // Page signals, wired once for whatever page is shown in each pane.
    PaneSignals {
        pane: stack
        main: window
        noticeBar: notice
        listPane: true
    }
    PaneSignals {
        pane: detail
        main: window
        noticeBar: notice
    }

    // Notices over every page: "Besøket er slettet. Angre", "… finnes ikke lenger".
    UndoBar {
        id: notice
        parent: window.contentItem
    }
}
