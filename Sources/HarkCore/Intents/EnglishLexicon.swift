/// The built-in English command paraphrases (format: `Lexicon`). Data, not code: extend it here,
/// or per intent with `synonyms` in the config.
public enum EnglishLexicon {
    public static let text = """
        # Polite and conversational preambles: dropped.
        could you please =
        would you please =
        can you please =
        could you =
        would you =
        can you =
        will you =
        would you mind =
        do you mind =
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
        # Abbreviations and informal words.
        temp = temperature
        temps = temperature
        thermostat = temperature
        heater = heating
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
        """
}
