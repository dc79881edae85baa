package httpapi

import (
	"github.com/enquete/enquete/adapters/http/isotime"
	appidentity "github.com/enquete/enquete/application/identity"
)

type registerRequest struct {
	Username  string `json:"username"`
	Email     string `json:"email"`
	Password  string `json:"password"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

func (r registerRequest) input() appidentity.RegisterInput {
	return appidentity.RegisterInput{Username: r.Username, Email: r.Email, Password: r.Password,
		FirstName: r.FirstName, LastName: r.LastName}
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// registeredUserJSON is the user in the register response.
type registeredUserJSON struct {
	ID        int64  `json:"id"`
	Username  string `json:"username"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

type registerResponse struct {
	Message string             `json:"message"`
	Token   string             `json:"token"`
	User    registeredUserJSON `json:"user"`
}

// loggedInUserJSON is the user in the login response.
type loggedInUserJSON struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	Email    string `json:"email"`
}

type loginResponse struct {
	Message string           `json:"message"`
	Token   string           `json:"token"`
	User    loggedInUserJSON `json:"user"`
}

// meResponse is GET /api/auth/me.
type meResponse struct {
	ID        int64   `json:"id"`
	Username  string  `json:"username"`
	Email     string  `json:"email"`
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Avatar    *string `json:"avatar"`
	CreatedAt string  `json:"created_at"`
}

func toRegisterResponse(r appidentity.AuthResult) registerResponse {
	u := r.User
	return registerResponse{Message: "User registered successfully", Token: r.Token,
		User: registeredUserJSON{ID: u.ID, Username: u.Username, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName}}
}

func toLoginResponse(r appidentity.AuthResult) loginResponse {
	u := r.User
	return loginResponse{Message: "Login successful", Token: r.Token,
		User: loggedInUserJSON{ID: u.ID, Username: u.Username, Email: u.Email}}
}

func (s *server) toMe(u appidentity.User) meResponse {
	return meResponse{ID: u.ID, Username: u.Username, Email: u.Email, FirstName: u.FirstName,
		LastName: u.LastName, Avatar: s.mediaURL(u.Avatar), CreatedAt: isotime.Format(u.CreatedAt)}
}

// mediaURL is the public URL of a stored file, nil when there is none (the
// column is "" then, as Django leaves it).
func (s *server) mediaURL(name string) *string {
	if name == "" {
		return nil
	}
	u := s.opts.MediaURL + name
	return &u
}
