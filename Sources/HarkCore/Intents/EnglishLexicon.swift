/// The built-in English command paraphrases (format: `Lexicon`). Data, not code: extend it here,
/// or per intent with `synonyms` in the config.
public enum EnglishLexicon {
    /// Idioms whose polarity is not that of their words ("fire up" starts, "lights out" is off):
    /// reviewed here, the one place a paraphrase may change a polarity; each says exactly one, and
    /// no negation. Never from a config (`synonyms` keep the rule that nothing brings in a polarity).
    public static let idioms = """
        carry on = continue
        keep going = continue
        fire up = start
        kick off = start
        lights out = lights off
        shut down = turn off
        power down = turn off
        power up = turn on
        on pause = pause
        on hold = pause
        vacuum the = start the vacuum in the
        louder = volume up
        quieter = volume down
        softer = volume down
        make it louder = turn it up
        make it quieter = turn it down
        some light = the lights on
        lit = lights on
        """

    public static let text = """
        # Polite and conversational preambles: dropped.
        could you please =
        would you please =
        can you please =
        could you =
        would you =
        can you =
        will you =
        would you mind = mind
        do you mind = mind
        i was wondering if you could =
        i was wondering if you would =
        i was wondering if you'd =
        i was wondering =
        i wonder if you could =
        i wonder if you would =
        any chance you could =
        any chance you can =
        is there any chance you could =
        would it be possible to =
        would it be possible for you to =
        could i ask you to =
        i'd appreciate it if you could =
        do me a favour and =
        do me a favor and =
        # "would you mind closing the blinds": the verb after "mind".
        mind turning = turn
        mind switching = turn
        mind opening = open
        mind closing = close
        mind locking = lock
        mind unlocking = unlock
        mind arming = arm
        mind disarming = disarm
        mind starting = start
        mind stopping = stop
        mind pausing = pause
        mind resuming = resume
        mind cancelling = cancel
        mind canceling = cancel
        mind setting = set
        mind dimming = dim
        mind putting = turn
        mind getting = get
        mind making = set
        mind playing = play
        mind heating = heat
        mind activating = activate
        mind bringing = set
        i'd like you to =
        i want you to =
        i need you to =
        would you be so kind as to =
        go ahead and =
        let's =
        let us =
        please =
        kindly =
        hey hark =
        ok hark =
        okay hark =
        hark =
        um =
        uh =
        erm =
        well =
        # Tails: dropped.
        for me =
        for me please =
        thanks =
        thank you =
        right now =
        rn =
        a little more =
        hang on =
        now =
        a bit =
        a little =
        a little bit =
        real quick =
        quickly =
        if you can =
        asap =
        # Synonym verbs and particles.
        switch = turn
        put = turn
        change = set
        adjust = set
        bring = set
        make = set
        start a timer = set a timer
        start a = set a
        start the timer for = set a timer for
        create a timer = set a timer
        create timer = set a timer
        make a timer = set a timer
        countdown = timer
        tell me = what is
        give me = what is
        what's = what is
        whats = what is
        shut off = turn off
        open up = open
        lock up = lock
        close up = close
        switch off = turn off
        switch on = turn on
        # A house's alarm is its security system (its alerts stay "alarms").
        alarm system = security system
        burglar alarm = security system
        house alarm = security system
        home alarm = security system
        arm the alarm = arm the security system
        disarm the alarm = disarm the security system
        # Yes-no questions about warmth: how warm it is.
        is it cold = how cold is it
        is it warm = how warm is it
        is it hot = how hot is it
        # Indirect questions: asked directly.
        tell me if =
        tell me whether =
        let me know if =
        do you know if =
        check if =
        check whether =
        have any = are there any
        got any = any
        gone off = triggered
        warnings = alerts
        warning = alert
        warm's = warm is
        cold's = cold is
        hot's = hot is
        how many degrees = how warm
        # Music turned up or down is its volume.
        music up = volume up
        music down = volume down
        up the music = up the volume
        down the music = down the volume
        vol = volume
        # Timers.
        wake me up = wake me
        put on a = set a
        put a timer on for = set a timer for
        # Abbreviations and informal words.
        temp = temperature
        temps = temperature
        thermostat = temperature
        heater = heating
        heat on = heating on
        heat off = heating off
        central heating = heating
        lamp = light
        lamps = lights
        pls = please
        plz = please
        thx = thanks
        mins = minutes
        min = minute
        hrs = hours
        hr = hour
        secs = seconds
        sec = second
        livingroom = living room
        hoover = vacuum
        song = music
        songs = music
        tunes = music
        flip = turn
        flick = turn
        power on = turn on
        power off = turn off
        show me = list
        read me = read
        do we have any = are there any
        have there been any = are there any
        has there been any = are there any
        do i have any = are there any
        """
}
