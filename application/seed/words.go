package seed

// The vocabulary of generated boards: French, like the product's users,
// with accents so that encoders and case folding are exercised.
var (
	firstNames = []string{"Jean", "Marie", "Élodie", "Luc", "Amélie", "François", "Inès", "Noël",
		"Chloé", "Mathis", "Léa", "Hugo", "Zoé", "Raphaël", "Anaïs", "Gaëtan"}
	lastNames = []string{"Dupont", "Martin", "Bernard", "Lefèvre", "Moreau", "Girard", "Faure",
		"Rousseau", "Lemaître", "Chevalier", "Bézier", "Garnier", "Perrin", "Noël"}
	roles       = []string{"Témoin", "Suspect", "Victime", "Informateur", "Proche", "Enquêteur"}
	personNotes = []string{"vu pour la dernière fois près de la gare", "a un alibi à vérifier",
		"entendu le 12 mars", "refuse de répondre aux questions", "connaît la victime depuis l'enfance"}
	streets = []string{"rue de la Paix", "avenue Jean-Jaurès", "boulevard Saint-Michel", "impasse des Lilas",
		"quai de la Loire", "place du Marché", "chemin des Écoliers"}
	cities        = []string{"Paris", "Lyon", "Marseille", "Lille", "Nantes", "Besançon", "Orléans", "Évry"}
	evidence      = []string{"téléphone portable", "lettre manuscrite", "ticket de caisse", "clé USB", "gant en cuir", "photographie"}
	evidenceTypes = []string{"physique", "numérique", "document", "photo"}
	events        = []string{"Dernier appel", "Retrait au distributeur", "Dispute entendue", "Départ du domicile",
		"Arrivée à la gare", "Rendez-vous manqué", "Message vocal"}
	linkTitles = []string{"connaît", "a vu", "était à", "possède", "a appelé", "travaille avec", "vit à"}
	tagNames   = []string{"Témoin clé", "Suspect", "Alibi", "À vérifier", "Confirmé", "Urgent", "Piste", "Écarté"}
	tagColors  = []string{"#e74c3c", "#3498db", "#2ecc71", "#f1c40f", "#9b59b6", "#e67e22", "#1abc9c", "#7f8c8d"}

	commentTexts = []string{"À recouper avec le relevé téléphonique.", "Vérifié ce matin, cohérent.",
		"Contradiction avec la déposition du 3 avril.", "Demander l'enregistrement vidéo.", "Piste écartée ?"}
)
