// Types text into the focused item one key at a time, as a user would.
function typeInto(testCase, text) {
    for (var i = 0; i < text.length; ++i)
        testCase.keyClick(text[i])
}
