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
            dialog.reject()
            tryVerify(() => !dialog.visible)
            verify(App.signedIn)
            verify(App.firstRecordId("participant") !== "")
        }
    }
}
