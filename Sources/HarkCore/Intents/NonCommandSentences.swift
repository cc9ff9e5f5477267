/// Sentences that are not commands to a home assistant: the "none" class the intent classifier is
/// trained on next to the intents' own sentences, so that a question about a device's state, a
/// remark, a negated request or a request for something no intent does is refused locally rather
/// than taken for the nearest intent. Data, not code, one sentence a line (`#` starts a comment);
/// written for the classifier, never taken from a test corpus.
public enum NonCommandSentences {
    public static let text = """
        # Questions about state (asking, not commanding).
        is the light still on
        are the lights on upstairs
        did i leave the lights on
        did somebody turn the lights off
        is the window open
        was the door locked last night
        did you close the window
        is the oven on
        is the alarm going off
        are the curtains open
        has the heating been running all day
        why is the light flashing
        who turned the music off
        when did the door open
        which lights are on
        is the fan working
        did the timer go off
        how long has the door been open
        is anything running right now
        was the garage left open
        is the volume too high
        are you listening
        is it raining
        what is the light doing
        why is it so cold
        did the vacuum finish
        is the security camera recording
        has anybody been at the front door
        # Remarks and statements.
        the light in here is too bright
        i like these lights
        the lamp looks nice
        the door is squeaking again
        my room is a mess
        the weather is lovely today
        it is warm outside
        i turned the light off yesterday
        the window was open all day
        the curtains need washing
        the radiator is leaking
        the fan broke last week
        i just got home
        i am going to bed
        i am tired
        that was a good film
        the music is too loud next door
        the neighbours are noisy
        the robot is stuck under the sofa
        the timer on the oven is beeping
        my phone battery is low
        dinner is ready
        the dog wants to go out
        someone is at the door
        the heating bill was high
        the lock on the shed is rusty
        i bought new light bulbs
        the scene in that movie was scary
        the alarm clock woke me up
        this room gets cold at night
        # Negated or cancelled requests.
        do not do that
        never mind
        no thanks
        don't bother
        forget it
        no, leave it as it is
        don't touch anything
        not now
        leave the lights alone
        stop talking
        # Requests no home intent does.
        what is the weather forecast
        play my favourite playlist
        play the radio
        call my sister
        send a text to john
        what is the time
        set an alarm for seven in the morning
        what is the date today
        read me the news
        how far is the moon
        add eggs to my shopping list
        order a pizza
        book a table for two
        translate hello into french
        how do you spell necessary
        what is twelve times eight
        remind me to buy bread tomorrow
        find my keys
        navigate to the station
        what is the capital of spain
        tell me a story
        sing a song
        who are you
        what can you do
        open the dishwasher
        water the plants
        feed the cat
        wash the dishes
        start the car
        open the window
        close the laptop
        turn on the computer
        turn the page
        turn left here
        set the table
        make a cup of tea
        make me a sandwich
        clean the kitchen
        lock the safe
        open my email
        how are you today
        good morning
        good night
        thank you very much
        hello there
        what is going on
        i need help
        """

    /// The sentences, comments and blank lines left out.
    public static var sentences: [String] {
        text.split(separator: "\n").compactMap { line in
            let s = (line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingSpaces
            return s.isEmpty ? nil : String(s)
        }
    }
}
