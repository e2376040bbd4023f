import QtQuick
import QtTest
import Feltnotat

// Innstillinger: logging out warns when changes are not sent yet; cancelling keeps everything.
Item {
    id: root
    width: 360
    height: 900

    TestCase {
        name: "Settings"
        when: windowShown

        Component {
            id: pageComponent
            SettingsPage { width: 360; height: 900 }
        }

        function test_logoutWarnsAboutUnsentChanges() {
            App.sync.refresh()
            verify(App.sync.pendingCount > 0) // the demo data has never been sent
            var page = createTemporaryObject(pageComponent, root)
            mouseClick(findChild(page, "logoutButton"))
            var dialog = findChild(page, "logoutDialog")
            tryVerify(() => dialog.opened)
            var warning = findChild(page, "logoutWarning")
            verify(warning.text.indexOf("ikke sendt") >= 0, warning.text)
            verify(warning.text.indexOf("endring(er)") < 0, warning.text) // plural forms resolved
            // Regression (December review): one tap on OK lost every unsent change. Now the
            // button that deletes them is disabled until the box is ticked, and the focus (what
            // Enter or Back does) is on the choice that keeps them.
            var confirm = findChild(page, "logoutConfirm")
            verify(!confirm.enabled)
            mouseClick(confirm)
            verify(App.signedIn)
            tryVerify(() => findChild(page, "logoutSyncFirst").activeFocus || findChild(page, "logoutCancel").activeFocus)
            keyClick(Qt.Key_Escape)
            tryVerify(() => !dialog.visible)
            verify(App.signedIn)
            verify(App.firstRecordId("participant") !== "")

            mouseClick(findChild(page, "logoutButton"))
            tryVerify(() => dialog.opened)
            mouseClick(findChild(page, "logoutLoseUnsent"))
            tryVerify(() => confirm.enabled)
            mouseClick(findChild(page, "logoutCancel"))
            tryVerify(() => !dialog.visible)
            verify(App.signedIn)
        }
    }
}
